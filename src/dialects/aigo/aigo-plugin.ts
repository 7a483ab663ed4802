import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../errors/index.js';
import type { Gateway } from '../../server/create-gateway.js';
import { healthReport } from '../../server/service-routes.js';
import { fromFastifyError } from '../shared/fastify-error.js';
import type { AigoDialectDependencies } from './aigo-dependencies.js';
import { toAigoError } from './aigo-error.js';
import { chatRoutes } from './chat-routes.js';
import { embedRoutes } from './embed-routes.js';
import { generateRoutes } from './generate-routes.js';
import { aigoModelRoutes } from './model-routes.js';

/** Seed 002's AIgo REST API under /api/v1: models, generate, embed, chat, chat/stream, health. */
export async function aigoDialect(app: FastifyInstance, gateway: Gateway): Promise<void> {
  const deps: AigoDialectDependencies = {
    chat: gateway.chat,
    registry: gateway.registry,
    guard: gateway.guard,
    health: () => healthReport(gateway),
  };
  app.setErrorHandler((error, request, reply) => {
    const gatewayError = fromFastifyError(error as Error);
    if (gatewayError.status >= 500) request.log.error({ err: error }, 'request failed');
    if (gatewayError.retryAfterSeconds !== undefined) reply.header('retry-after', String(gatewayError.retryAfterSeconds));
    return reply.status(gatewayError.status).send(toAigoError(gatewayError));
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send(toAigoError(
    new NotFoundError(`Unknown endpoint: ${request.method} ${request.url.split('?')[0]}.`),
  )));
  // AIgo's `api.auth_enabled` / `api.api_key`: every route needs `Authorization: Bearer <key>` when on.
  app.addHook('onRequest', async (request) => deps.guard.check(request.headers));

  await aigoModelRoutes(app, deps);
  await generateRoutes(app, deps);
  await embedRoutes(app, deps);
  await chatRoutes(app, deps);
  app.get('/health', { schema: { summary: 'Health (AIgo path; same answer as /health)', tags: ['AIgo'] } }, async () => deps.health());
}
