import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../../server/create-gateway.js';
import { fromFastifyError } from '../shared/fastify-error.js';
import { toAiCoreError } from './ai-core-error.js';
import { chatRoutes } from './chat-routes.js';
import { configRoute } from './config-route.js';

/** Seed 000's ai_core sidecar API: /heartbeat, /config, /chat, /chat/stream. */
export async function aiCoreDialect(app: FastifyInstance, gateway: Gateway): Promise<void> {
  app.setErrorHandler((error, request, reply) => {
    const gatewayError = fromFastifyError(error as Error);
    if (gatewayError.status >= 500) request.log.error({ err: error }, 'request failed');
    if (gatewayError.retryAfterSeconds !== undefined) reply.header('retry-after', String(gatewayError.retryAfterSeconds));
    return reply.status(gatewayError.status).send(toAiCoreError(gatewayError));
  });
  app.addHook('onRequest', async (request) => gateway.guard.check(request.headers));

  app.get('/heartbeat', {
    schema: { summary: 'Heartbeat: restarts the shutdown deadline; elapsed_time is seconds since the previous beat', tags: ['ai_core'] },
  }, async () => ({ success: true, message: '心跳已更新', elapsed_time: gateway.heartbeat.beat() }));
  await configRoute(app, gateway);
  await chatRoutes(app, gateway);
}
