import type { FastifyInstance } from 'fastify';
import type { Gateway } from './create-gateway.js';
import { qiaoVersion } from './version.js';

/** `/` and `/health`: what Qiao is and whether it can serve. */
export async function serviceRoutes(app: FastifyInstance, gateway: Gateway): Promise<void> {
  app.get('/', { schema: { summary: 'Service information and links', tags: ['Service'] } }, async () => ({
    name: 'Qiao',
    description: 'Self-hosted AI gateway',
    version: qiaoVersion,
    links: { docs: '/docs', openapi: '/openapi.json', health: '/health', models: '/v1/models', chat_completions: '/v1/chat/completions' },
  }));

  app.get('/health', { schema: { summary: 'Health and configured providers', tags: ['Service'] } }, async () => {
    const providers: Record<string, unknown> = {};
    let modelsAvailable = 0;
    for (const provider of gateway.registry.allProviders()) {
      const count = gateway.registry.modelsOf(provider).length;
      modelsAvailable += count;
      const entry = gateway.config.providers.find((options) => options.name === provider.name);
      providers[provider.name] = { type: entry?.type, source: entry?.source, configured: provider.configured, models: count };
    }
    return {
      status: 'ok',
      version: qiaoVersion,
      uptime_seconds: Math.round((Date.now() - gateway.startedAt.getTime()) / 1000),
      models_available: modelsAvailable,
      providers,
    };
  });
}
