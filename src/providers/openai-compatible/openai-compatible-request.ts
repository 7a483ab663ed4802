import type { OpenAICompatibleSettings } from './openai-compatible-settings.js';

/** URL of an endpoint for a model, honouring presets that address models by URL (Azure). */
export function endpointUrl(settings: OpenAICompatibleSettings, endpoint: 'chat/completions' | 'embeddings' | 'models', modelId: string): string {
  const custom = settings.preset.endpointUrl;
  if (custom) return custom(settings.baseUrl, endpoint, modelId, settings.apiVersion);
  return `${settings.baseUrl}/${endpoint}`;
}

/** Auth and extra headers for a call. */
export function requestHeaders(settings: OpenAICompatibleSettings, extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { ...settings.headers, ...extra };
  if (settings.apiKey) {
    if (settings.preset.auth === 'api-key-header') headers['api-key'] = settings.apiKey;
    else headers.authorization = `Bearer ${settings.apiKey}`;
  }
  return headers;
}
