import type { FastifyInstance } from 'fastify';
import swaggerUi from '@fastify/swagger-ui';
import { fromFastifyError } from '../dialects/shared/fastify-error.js';
import type { Gateway } from './create-gateway.js';
import { libraryVersions } from './library-versions.js';
import { qiaoVersion } from './version.js';

/** The health answer every seed's client reads: the fields of seeds 000, 002 and 003 merged. */
export function healthReport(gateway: Gateway): Record<string, unknown> {
  const providers: Record<string, unknown> = {};
  let modelsAvailable = 0;
  for (const provider of gateway.registry.allProviders()) {
    const count = gateway.registry.modelsOf(provider).length;
    modelsAvailable += count;
    const entry = gateway.config.providers.find((options) => options.name === provider.name);
    providers[provider.name] = { type: entry?.type, source: entry?.source, configured: provider.configured, models: count };
  }
  return {
    success: true,
    status: 'ok',
    message: '服务正常运行',
    version: qiaoVersion,
    timestamp: new Date().toISOString(),
    uptime_seconds: Math.round((Date.now() - gateway.startedAt.getTime()) / 1000),
    models_available: modelsAvailable,
    versions: libraryVersions,
    providers,
  };
}

/**
 * `/`, `/health`, `/openapi.json` and `/docs`. These routes are shared by every API shape, so their
 * errors carry both the seed-000 style (`success`, `message`) and OpenAI's `error` object.
 */
export async function serviceRoutes(app: FastifyInstance, gateway: Gateway): Promise<void> {
  app.setErrorHandler((error, _request, reply) => {
    const gatewayError = fromFastifyError(error as Error);
    return reply.status(gatewayError.status).send({
      success: false,
      message: gatewayError.message,
      error: { message: gatewayError.message, type: gatewayError.status === 401 ? 'authentication_error' : 'invalid_request_error', param: gatewayError.param ?? null, code: gatewayError.code },
    });
  });
  app.addHook('onRequest', async (request) => gateway.guard.check(request.headers));

  app.get('/', { schema: { summary: 'Service information and links', tags: ['Service'] } }, async () => ({
    name: 'Qiao',
    description: 'Self-hosted AI gateway',
    version: qiaoVersion,
    links: { docs: '/docs', openapi: '/openapi.json', health: '/health', models: '/v1/models', chat_completions: '/v1/chat/completions' },
  }));
  app.get('/health', { schema: { summary: 'Health: status, versions, models and providers', tags: ['Service'] } }, async () => healthReport(gateway));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
