import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidRequestError, PermissionDeniedError } from '../../errors/index.js';
import type { RuntimeProviderSettings } from '../../gateway/index.js';
import type { Gateway } from '../../gateway/index.js';
import { configBody, knownConfigFields, type ConfigBody } from './ai-core-schemas.js';

/** Seed 000's provider names that differ from Qiao's provider type ids. */
const providerTypeAliases: Record<string, string> = { aliyun: 'dashscope', ollama: 'ollama-openai' };

function isLoopback(address: string): boolean {
  return address === '::1' || /^(::ffff:)?127\./.test(address);
}

function normalisedType(providerType: string, known: string[]): string {
  const lower = providerType.trim().toLowerCase();
  const type = Object.hasOwn(providerTypeAliases, lower) ? providerTypeAliases[lower]! : lower;
  if (!known.includes(type)) {
    throw new InvalidRequestError(`Unknown provider_type "${providerType}"; one of: aliyun, ${known.join(', ')}.`, { param: 'provider_type' });
  }
  return type;
}

function checkedBaseUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidRequestError('Invalid base_url: expected an http(s) URL such as https://api.openai.com/v1.', { param: 'base_url' });
  }
  return value;
}

function toSettings(body: ConfigBody, knownTypes: string[]): RuntimeProviderSettings {
  for (const key of Object.keys(body)) {
    if (!knownConfigFields.has(key)) {
      throw new InvalidRequestError(`Unknown field '${key}'; POST /config takes ${[...knownConfigFields].join(', ')}.`, { param: key });
    }
  }
  return {
    type: normalisedType(body.provider_type, knownTypes),
    model: body.model,
    ...(body.api_key != null && { apiKey: body.api_key }),
    ...(body.base_url != null && { baseUrl: checkedBaseUrl(body.base_url) }),
    ...(body.timeout != null && { timeoutSeconds: body.timeout }),
    ...(body.max_retries != null && { maxRetries: body.max_retries }),
  };
}

/**
 * `POST /config`: adds or replaces the provider named after `provider_type` and makes `model` the
 * core model; stored, so it survives a restart. Aiming the gateway at an upstream is an admin
 * action: without a gateway key it is accepted from this machine only. The key is never echoed.
 */
export async function configRoute(app: FastifyInstance, gateway: Gateway): Promise<void> {
  app.post('/config', {
    // Before the body is read: a virtual key is refused whatever it sends.
    onRequest: async (request) => {
      if (gateway.guard.enabled && !request.caller?.isAdmin) {
        throw new PermissionDeniedError('POST /config aims the gateway at an upstream: it needs the admin key (or the gateway key), not a virtual key.');
      }
    },
    schema: { body: configBody, summary: 'Choose the provider, key and model the ai_core API uses', tags: ['ai_core'] },
  }, async (request: FastifyRequest<{ Body: ConfigBody }>) => {
    if (!gateway.guard.enabled && !isLoopback(request.ip)) {
      throw new PermissionDeniedError('POST /config from another machine needs the gateway key: turn on api.auth_enabled (or set QIAO_API_KEY), or call from this machine.');
    }
    const settings = toSettings(request.body, gateway.runtimeProviders.providerTypeIds());
    const core = await gateway.runtimeProviders.configure(settings);
    return { success: true, message: '配置成功', provider_type: request.body.provider_type, model: request.body.model, provider: core.provider };
  });
}
