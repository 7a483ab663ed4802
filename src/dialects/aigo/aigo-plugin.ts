import type { FastifyInstance } from 'fastify';
import { healthReport, type Gateway } from '../../gateway/index.js';
import { installDialect } from '../shared/install-dialect.js';
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
  // AIgo's `api.auth_enabled` / `api.api_key` is the gateway key: every route needs it when on.
  installDialect(app, deps.guard, toAigoError);

  await aigoModelRoutes(app, deps);
  await generateRoutes(app, deps);
  await embedRoutes(app, deps);
  await chatRoutes(app, deps);
  app.get('/health', { schema: { summary: 'Health (AIgo path; same answer as /health)', tags: ['AIgo'] } }, async () => deps.health());
}
