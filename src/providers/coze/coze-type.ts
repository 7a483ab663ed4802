import type { Environment, ProviderInstanceOptions, ProviderType } from '../provider-type.js';
import { toModelInfos } from '../provider-type.js';
import { CozeProvider } from './coze-provider.js';

const defaultBaseUrl = 'https://api.coze.cn';

const value = (env: Environment, name: string) => env[name]?.trim() || undefined;

/**
 * Coze (扣子) bots and workflows. From the environment: `COZE_API_TOKEN`, `COZE_API_BASE`
 * (default https://api.coze.cn), `COZE_DEFAULT_BOT_ID` (the first model), `COZE_DEFAULT_WORKFLOW_ID`.
 */
export const cozeProviderType: ProviderType = {
  id: 'coze',
  displayName: 'Coze (扣子) bots and workflows',
  environmentVariables: ['COZE_API_TOKEN', 'COZE_API_BASE', 'COZE_DEFAULT_BOT_ID', 'COZE_DEFAULT_WORKFLOW_ID'],
  fromEnvironment: (env) => (value(env, 'COZE_API_TOKEN') ? [{ name: 'coze', type: 'coze' }] : []),
  create(options: ProviderInstanceOptions, env: Environment) {
    const defaultBot = value(env, 'COZE_DEFAULT_BOT_ID');
    const models = toModelInfos(options.models ?? (defaultBot ? [defaultBot] : []))
      .map((model) => ({ capabilities: ['chat' as const], ownedBy: options.name, ...model }));
    const baseUrl = (options.baseUrl ?? value(env, 'COZE_API_BASE') ?? defaultBaseUrl).replace(/\/+$/, '');
    return new CozeProvider({
      name: options.name,
      baseUrl,
      apiKey: options.apiKey ?? value(env, 'COZE_API_TOKEN'),
      headers: { ...options.headers },
      models,
      defaultWorkflowId: value(env, 'COZE_DEFAULT_WORKFLOW_ID'),
      timeouts: options.timeouts,
      pollIntervalMs: 100,
      maxWaitMs: options.timeouts?.headersMs ?? 600_000,
    });
  },
};
