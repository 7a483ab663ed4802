import type { UpstreamTimeouts } from '../../http/index.js';
import type { ModelInfo } from '../../spec/index.js';

/** Everything one Coze provider instance needs. */
export interface CozeSettings {
  /** Instance name, the `name/` prefix of its bots. */
  name: string;
  /** API root without trailing slash, e.g. https://api.coze.cn. */
  baseUrl: string;
  /** Personal access token or OAuth token; never logged. */
  apiKey?: string;
  /** Extra headers for every call. */
  headers: Record<string, string>;
  /** Bots offered as models (the default bot first). */
  models: ModelInfo[];
  /** The workflow run when a caller names none. */
  defaultWorkflowId?: string;
  /** Timeout overrides. */
  timeouts?: Partial<UpstreamTimeouts>;
  /** Pause between two retrieve calls of the non-streamed chat flow. */
  pollIntervalMs: number;
  /** Longest a non-streamed chat may take before it is cancelled. */
  maxWaitMs: number;
}
