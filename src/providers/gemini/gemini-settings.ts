import type { UpstreamTimeouts } from '../../http/index.js';
import type { ModelInfo } from '../../spec/index.js';

/** A configured Gemini API upstream, resolved from config and environment. */
export interface GeminiSettings {
  /** Provider instance name. */
  name: string;
  /** Versioned base URL without trailing slash, e.g. `https://generativelanguage.googleapis.com/v1beta`. */
  baseUrl: string;
  /** API key, sent as `x-goog-api-key` (never in the URL, so it cannot reach logs); never logged. */
  apiKey?: string;
  /** Extra headers for every call. */
  headers: Record<string, string>;
  /** Models named in config (or the defaults). */
  models: ModelInfo[];
  /** Whether `GET /models` is asked. */
  discoverModels: boolean;
  /** Timeout overrides. */
  timeouts?: Partial<UpstreamTimeouts>;
}

/** Headers for a call: the key in `x-goog-api-key`, as the official SDK sends it (gemini.md §1). */
export function geminiHeaders(settings: GeminiSettings, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { ...settings.headers, ...extra };
  if (settings.apiKey) headers['x-goog-api-key'] = settings.apiKey;
  return headers;
}

/** `{base}/models/{model}:{method}`; the model id may come as `models/…`. */
export function geminiModelUrl(settings: GeminiSettings, modelId: string, method: string): string {
  const bare = modelId.replace(/^models\//, '');
  return `${settings.baseUrl}/models/${encodeURIComponent(bare)}:${method}`;
}
