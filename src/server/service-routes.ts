import type { FastifyInstance } from 'fastify';
import { installDialect } from '../dialects/shared/install-dialect.js';
import type { GatewayError } from '../errors/index.js';
import { healthReport, qiaoVersion, type Gateway } from '../gateway/index.js';
import type { ApiDocs } from './api-docs.js';

/** Shared root routes answer in both the seed-000 style (`success`, `message`) and OpenAI's `error` object. */
export function toServiceError(error: GatewayError): Record<string, unknown> {
  const type = error.status === 401 ? 'authentication_error' : error.status >= 500 ? 'server_error' : 'invalid_request_error';
  return { success: false, message: error.message, error: { message: error.message, type, param: error.param ?? null, code: error.code } };
}

/**
 * `/`, `/health`, `/openapi.json` and `/docs`. These routes are shared by every API shape, so their
 * errors carry both the seed-000 style (`success`, `message`) and OpenAI's `error` object.
 */
export async function serviceRoutes(app: FastifyInstance, gateway: Gateway, docs: ApiDocs): Promise<void> {
  installDialect(app, gateway.guard, toServiceError);

  app.get('/', { schema: { summary: 'Service information and links', tags: ['Service'] } }, async () => ({
    name: 'Qiao',
    description: 'Self-hosted AI gateway',
    version: qiaoVersion,
    links: { console: '/console/', docs: '/docs', openapi: '/openapi.json', health: '/health', models: '/v1/models', chat_completions: '/v1/chat/completions' },
  }));
  app.get('/health', { schema: { summary: 'Health: status, versions, models and providers', tags: ['Service'] } }, async () => healthReport(gateway));
  app.get('/openapi.json', { schema: { hide: true } }, async () => docs.document());
  docs.serve(app);
}
