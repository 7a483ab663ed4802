import type { UpstreamTimeouts } from '../../http/index.js';
import type { ModelInfo } from '../../spec/index.js';

/** A configured Ollama server, resolved from config and environment. */
export interface OllamaSettings {
  /** Provider instance name. */
  name: string;
  /** Server root without trailing slash, e.g. `http://127.0.0.1:11434`. */
  baseUrl: string;
  /** Bearer key, only for ollama.com or a server behind an authenticating proxy; never logged. */
  apiKey?: string;
  /** Extra headers for every call. */
  headers: Record<string, string>;
  /** Models named in config. */
  models: ModelInfo[];
  /** Whether `GET /api/tags` is asked. */
  discoverModels: boolean;
  /** Timeout overrides. */
  timeouts?: Partial<UpstreamTimeouts>;
}

/** Headers for a call. */
export function ollamaHeaders(settings: OllamaSettings, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { ...settings.headers, ...extra };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  return headers;
}
