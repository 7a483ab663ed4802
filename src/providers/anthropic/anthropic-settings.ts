import type { UpstreamTimeouts } from '../../http/index.js';
import type { ModelInfo } from '../../spec/index.js';

/** A configured Anthropic upstream, resolved from config and environment. */
export interface AnthropicSettings {
  /** Provider instance name (the `name/` prefix of its models). */
  name: string;
  /** API root without `/v1` and without trailing slash, e.g. `https://api.anthropic.com`. */
  baseUrl: string;
  /** API key, sent as `x-api-key`; never logged. */
  apiKey?: string;
  /** Extra headers for every call (e.g. `anthropic-beta`). */
  headers: Record<string, string>;
  /** Models named in config (or the defaults). */
  models: ModelInfo[];
  /** `max_tokens` sent when a request has none (the Messages API requires it). */
  defaultMaxTokens: number;
  /** Where `defaultMaxTokens` came from, named in the warning that reports its use. */
  defaultMaxTokensSource: string;
  /** Timeout overrides. */
  timeouts?: Partial<UpstreamTimeouts>;
}

/** The version this adapter speaks (../shared/protocols/anthropic.md §1). */
export const anthropicVersion = '2023-06-01';

/** Auth, version and extra headers for a call. */
export function anthropicHeaders(settings: AnthropicSettings, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { 'anthropic-version': anthropicVersion, ...settings.headers, ...extra };
  if (settings.apiKey) headers['x-api-key'] = settings.apiKey;
  return headers;
}
