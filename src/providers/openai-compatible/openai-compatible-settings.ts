import type { UpstreamTimeouts } from '../../http/index.js';
import type { ModelInfo } from '../../spec/index.js';
import type { OpenAICompatiblePreset } from './openai-compatible-preset.js';

/** A configured OpenAI-compatible upstream, resolved from config and environment. */
export interface OpenAICompatibleSettings {
  /** Provider instance name (the `name/` prefix of its models). */
  name: string;
  /** The vendor's behaviour. */
  preset: OpenAICompatiblePreset;
  /** Base URL without trailing slash, e.g. `https://api.deepseek.com/v1`. */
  baseUrl: string;
  /** API key; never logged. */
  apiKey?: string;
  /** Extra headers for every call. */
  headers: Record<string, string>;
  /** Models named in config (or the preset's defaults). */
  models: ModelInfo[];
  /** API version for vendors that version by query (Azure). */
  apiVersion?: string;
  /** Timeout overrides. */
  timeouts?: Partial<UpstreamTimeouts>;
}
