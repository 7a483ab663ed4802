import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../../gateway/index.js';
import { installDialect } from '../shared/install-dialect.js';
import { toAiCoreError } from './ai-core-error.js';
import { chatRoutes } from './chat-routes.js';
import { configRoute } from './config-route.js';

/** Seed 000's ai_core sidecar API: /heartbeat, /config, /chat, /chat/stream. */
export async function aiCoreDialect(app: FastifyInstance, gateway: Gateway): Promise<void> {
  // Root-level paths: unknown ones get the service routes' 404, which carries ai_core's fields too.
  installDialect(app, gateway.guard, toAiCoreError, { notFound: false });

  app.get('/heartbeat', {
    schema: { summary: 'Heartbeat: restarts the shutdown deadline; elapsed_time is seconds since the previous beat', tags: ['ai_core'] },
  }, async () => ({ success: true, message: '心跳已更新', elapsed_time: gateway.heartbeat.beat() }));
  await configRoute(app, gateway);
  await chatRoutes(app, gateway);
}
