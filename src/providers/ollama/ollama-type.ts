import { firstSet, normalizeBaseUrl } from '../environment-settings.js';
import type { ProviderType } from '../provider-type.js';
import { toModelInfos } from '../provider-type.js';
import { OllamaProvider } from './ollama-provider.js';

const defaultBaseUrl = 'http://127.0.0.1:11434';

/** The server root: `OLLAMA_HOST` may be `host:port`, a URL, or (copied from an OpenAI setup) end in `/v1` or `/api`. */
function serverRoot(url: string): string {
  return normalizeBaseUrl(url).replace(/\/(v1|api)$/, '');
}

/** Ollama's native API; `OLLAMA_HOST` configures an instance named `ollama` (ollama.md). */
export const ollamaProviderType: ProviderType = {
  id: 'ollama',
  displayName: 'Ollama (native /api)',
  environmentVariables: ['OLLAMA_HOST', 'OLLAMA_API_KEY'],
  fromEnvironment: (env) => (firstSet(env, ['OLLAMA_HOST']) ? [{ name: 'ollama', type: 'ollama' }] : []),
  create(options, env) {
    return new OllamaProvider({
      name: options.name,
      baseUrl: serverRoot(options.baseUrl ?? firstSet(env, ['OLLAMA_HOST']) ?? defaultBaseUrl),
      apiKey: options.apiKey ?? firstSet(env, ['OLLAMA_API_KEY']),
      headers: { ...options.headers },
      models: toModelInfos(options.models ?? []),
      discoverModels: options.discoverModels ?? true,
      timeouts: options.timeouts,
    });
  },
};
