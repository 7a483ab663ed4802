import { firstSet, normalizeBaseUrl } from '../environment-settings.js';
import type { ModelInfo } from '../../spec/index.js';
import type { Environment, ProviderInstanceOptions, ProviderType } from '../provider-type.js';
import { toModelInfos } from '../provider-type.js';
import { TeiProvider, TgiProvider } from './huggingface-provider.js';
import type { HuggingFaceSettings } from './huggingface-settings.js';

// HF_TOKEN is the Hub's standard variable; the others are older names for the same token.
const tokenEnv = ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN', 'HUGGINGFACE_API_KEY'];

function settings(options: ProviderInstanceOptions, env: Environment, baseUrlEnv: string, defaultModel: ModelInfo): HuggingFaceSettings {
  const baseUrl = options.baseUrl ?? firstSet(env, [baseUrlEnv]);
  if (!baseUrl) throw new Error(`providers.${options.name}.baseUrl is required for type ${options.type} or set ${baseUrlEnv}`);
  return {
    name: options.name,
    // The server root: a URL copied from an OpenAI-compatible setup may end in /v1.
    baseUrl: normalizeBaseUrl(baseUrl).replace(/\/v1$/, ''),
    apiKey: options.apiKey ?? firstSet(env, tokenEnv),
    headers: { ...options.headers },
    models: toModelInfos(options.models ?? [defaultModel]),
    timeouts: options.timeouts,
  };
}

/** TGI's native `/generate` + `/generate_stream` (prompt in, tokens out); configured in the file only. */
export const tgiGenerateProviderType: ProviderType = {
  id: 'tgi-generate',
  displayName: 'Hugging Face TGI (native /generate)',
  environmentVariables: ['TGI_BASE_URL', ...tokenEnv],
  create: (options, env) => new TgiProvider(settings(options, env, 'TGI_BASE_URL', { id: 'tgi', capabilities: ['chat'] })),
};

/** text-embeddings-inference `/embed`; `TEI_BASE_URL` configures an instance named `tei`. */
export const teiProviderType: ProviderType = {
  id: 'tei',
  displayName: 'Hugging Face text-embeddings-inference',
  environmentVariables: ['TEI_BASE_URL', ...tokenEnv],
  fromEnvironment: (env) => (firstSet(env, ['TEI_BASE_URL']) ? [{ name: 'tei', type: 'tei' }] : []),
  create: (options, env) => new TeiProvider(settings(options, env, 'TEI_BASE_URL', { id: 'tei', capabilities: ['embedding'] })),
};
