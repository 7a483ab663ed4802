import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../errors/index.js';
import type { Gateway } from '../../server/create-gateway.js';
import { fromFastifyError } from '../shared/fastify-error.js';
import { chatStreamRoute } from './chat-stream-route.js';
import { toLlmStreamError } from './llm-stream-error.js';

/** Seed 003's LLM stream API: POST /api/chat. */
export async function llmStreamDialect(app: FastifyInstance, gateway: Gateway): Promise<void> {
  app.setErrorHandler((error, request, reply) => {
    const gatewayError = fromFastifyError(error as Error);
    if (gatewayError.status >= 500) request.log.error({ err: error }, 'request failed');
    if (gatewayError.retryAfterSeconds !== undefined) reply.header('retry-after', String(gatewayError.retryAfterSeconds));
    return reply.status(gatewayError.status).send(toLlmStreamError(gatewayError));
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send(toLlmStreamError(
    new NotFoundError(`Unknown endpoint: ${request.method} ${request.url.split('?')[0]}.`),
  )));
  app.addHook('onRequest', async (request) => gateway.guard.check(request.headers));
  await chatStreamRoute(app, gateway.chat);
}
