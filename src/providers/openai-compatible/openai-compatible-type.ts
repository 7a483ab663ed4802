import type { Environment, ProviderInstanceOptions, ProviderType } from '../provider-type.js';
import { toModelInfos } from '../provider-type.js';
import { OpenAICompatibleProvider } from './openai-compatible-provider.js';
import type { OpenAICompatiblePreset } from './openai-compatible-preset.js';

function firstSet(env: Environment, names: string[] | undefined): string | undefined {
  for (const name of names ?? []) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

function withScheme(url: string): string {
  return /^https?:\/\//i.test(url) ? url : `http://${url}`;
}

/** The provider type for one OpenAI-compatible preset. */
export function openAICompatibleType(preset: OpenAICompatiblePreset): ProviderType {
  return {
    id: preset.id,
    displayName: preset.displayName,
    environmentVariables: [...preset.apiKeyEnv, ...preset.baseUrlEnv, ...Object.values(preset.headerEnv ?? {}).flat(), ...(preset.apiVersionEnv ?? [])],
    fromEnvironment(env) {
      const keySet = firstSet(env, preset.apiKeyEnv) !== undefined;
      const urlSet = firstSet(env, preset.baseUrlEnv) !== undefined;
      const enabled = preset.enabledOnlyByBaseUrlEnv ? urlSet : keySet || (preset.enabledByBaseUrlEnv && urlSet);
      return enabled ? [{ name: preset.id, type: preset.id }] : [];
    },
    create(options: ProviderInstanceOptions, env: Environment) {
      const baseUrl = options.baseUrl ?? firstSet(env, preset.baseUrlEnv) ?? preset.defaultBaseUrl;
      if (!baseUrl) {
        const variables = preset.baseUrlEnv.length ? ` or set ${preset.baseUrlEnv.join(' / ')}` : '';
        throw new Error(`providers.${options.name}.baseUrl is required for type ${preset.id}${variables}`);
      }
      const headers: Record<string, string> = { ...options.headers };
      for (const [header, names] of Object.entries(preset.headerEnv ?? {})) {
        const value = firstSet(env, names);
        if (value && !(header in headers)) headers[header] = value;
      }
      return new OpenAICompatibleProvider({
        name: options.name,
        preset,
        baseUrl: withScheme(baseUrl).replace(/\/+$/, ''),
        apiKey: options.apiKey ?? firstSet(env, preset.apiKeyEnv),
        headers,
        models: toModelInfos(options.models ?? preset.defaultModels),
        apiVersion: options.apiVersion ?? firstSet(env, preset.apiVersionEnv) ?? preset.defaultApiVersion,
        timeouts: options.timeouts,
      });
    },
  };
}
