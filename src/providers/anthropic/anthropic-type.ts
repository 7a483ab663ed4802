import type { Environment, ProviderInstanceOptions, ProviderType } from '../provider-type.js';
import { toModelInfos } from '../provider-type.js';
import { AnthropicProvider } from './anthropic-provider.js';

/** `max_tokens` sent when neither the request nor `defaultMaxTokens` in config gives one; always reported as a warning. */
export const fallbackMaxTokens = 4096;

const defaultModels = ['claude-opus-4-6', 'claude-sonnet-4-5', 'claude-haiku-4-5'];

function variable(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The API root: the SDK's `ANTHROPIC_BASE_URL` has no `/v1`, but a configured `…/v1` is tolerated. */
function apiRoot(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v1$/, '');
}

/** Anthropic's Messages API (../shared/protocols/anthropic.md). */
export const anthropicProviderType: ProviderType = {
  id: 'anthropic',
  displayName: 'Anthropic (Claude)',
  environmentVariables: ['ANTHROPIC_API_KEY', 'ANTHROPIC_BASE_URL'],
  fromEnvironment: (env) => (variable(env, 'ANTHROPIC_API_KEY') ? [{ name: 'anthropic', type: 'anthropic' }] : []),
  create(options: ProviderInstanceOptions, env: Environment) {
    const configured = options.defaultMaxTokens;
    return new AnthropicProvider({
      name: options.name,
      baseUrl: apiRoot(options.baseUrl ?? variable(env, 'ANTHROPIC_BASE_URL') ?? 'https://api.anthropic.com'),
      apiKey: options.apiKey ?? variable(env, 'ANTHROPIC_API_KEY'),
      headers: { ...options.headers },
      models: toModelInfos(options.models ?? defaultModels),
      defaultMaxTokens: configured ?? fallbackMaxTokens,
      defaultMaxTokensSource: configured === undefined
        ? `Qiao's default; set providers.${options.name}.defaultMaxTokens to choose`
        : `providers.${options.name}.defaultMaxTokens`,
      timeouts: options.timeouts,
    });
  },
};
