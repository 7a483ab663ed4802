import { firstSet, normalizeBaseUrl } from '../environment-settings.js';
import type { ProviderType } from '../provider-type.js';
import { toModelInfos } from '../provider-type.js';
import { GeminiProvider } from './gemini-provider.js';

const apiKeyEnv = ['GEMINI_API_KEY', 'GOOGLE_API_KEY'];
const baseUrlEnv = ['GEMINI_BASE_URL'];
const defaultBaseUrl = 'https://generativelanguage.googleapis.com';
const defaultModels = ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite', { id: 'gemini-embedding-001', capabilities: ['embedding' as const] }];

/** The base URL with an API version: `/v1beta` (the SDK's default) unless one is given in the URL or as `apiVersion`. */
function versionedBaseUrl(url: string, apiVersion: string | undefined): string {
  const base = normalizeBaseUrl(url);
  if (/\/v1(alpha|beta)?\d*$/.test(base)) return base;
  return `${base}/${apiVersion ?? 'v1beta'}`;
}

/** Google's Gemini API (generativelanguage.googleapis.com), native protocol. */
export const geminiProviderType: ProviderType = {
  id: 'gemini',
  displayName: 'Google Gemini API',
  environmentVariables: [...apiKeyEnv, ...baseUrlEnv],
  fromEnvironment: (env) => (firstSet(env, apiKeyEnv) ? [{ name: 'gemini', type: 'gemini' }] : []),
  create(options, env) {
    return new GeminiProvider({
      name: options.name,
      baseUrl: versionedBaseUrl(options.baseUrl ?? firstSet(env, baseUrlEnv) ?? defaultBaseUrl, options.apiVersion),
      apiKey: options.apiKey ?? firstSet(env, apiKeyEnv),
      headers: { ...options.headers },
      models: toModelInfos(options.models ?? defaultModels),
      discoverModels: options.discoverModels ?? true,
      timeouts: options.timeouts,
    });
  },
};
