import type { UpstreamTimeouts } from '../../http/index.js';
import type { ModelInfo } from '../../spec/index.js';

/** A configured TGI or TEI server. */
export interface HuggingFaceSettings {
  /** Provider instance name. */
  name: string;
  /** Server root without trailing slash, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  /** `hf_…` token for Inference Endpoints; bare servers need none; never logged. */
  apiKey?: string;
  /** Extra headers for every call. */
  headers: Record<string, string>;
  /** Models named in config; the server serves one model whatever the name. */
  models: ModelInfo[];
  /** Timeout overrides. */
  timeouts?: Partial<UpstreamTimeouts>;
}

/** Headers for a call. */
export function huggingFaceHeaders(settings: HuggingFaceSettings, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { ...settings.headers, ...extra };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  return headers;
}
