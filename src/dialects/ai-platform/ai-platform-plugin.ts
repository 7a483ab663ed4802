import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Gateway } from '../../gateway/index.js';
import { installDialect } from '../shared/install-dialect.js';
import { toAiPlatformError } from './ai-platform-error.js';
import { servicesQuery, type ServicesQuery } from './ai-platform-schemas.js';
import { chatRoutes } from './chat-routes.js';
import { listServices } from './service-catalog.js';
import { workflowRoutes } from './workflow-routes.js';

/** Seed 001's AI platform ("AI中台") under /ai: services, chat, chat/stream, workflow, workflow/stream. */
export async function aiPlatformDialect(app: FastifyInstance, gateway: Gateway): Promise<void> {
  installDialect(app, gateway.guard, toAiPlatformError);
  app.get('/services', { schema: { querystring: servicesQuery, summary: 'Every service: chat, workflow, embedding (seed 001)', tags: ['AI platform'] } },
    async (request: FastifyRequest<{ Querystring: ServicesQuery }>) => {
      const type = request.query.service_type;
      const services = listServices(gateway).filter((service) => !type || service.service_type === type);
      return { success: true, services };
    });
  await chatRoutes(app, gateway);
  await workflowRoutes(app, gateway);
}
