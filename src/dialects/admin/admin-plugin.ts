import type { FastifyInstance, FastifyRequest } from 'fastify';
import { deploymentsReport, type Gateway } from '../../gateway/index.js';
import { toOpenAIError } from '../openai/openai-error.js';
import { requireAdmin } from './require-admin.js';
import { installDialect } from '../shared/install-dialect.js';
import { logEntries, usageRows } from './admin-responses.js';
import { logsQuery, usageQuery, type LogsQuery, type UsageQuery } from './admin-schemas.js';
import { keyRoutes } from './key-routes.js';
import { logsResponse, usageResponse } from './usage-handlers.js';

const tags = ['Admin'];
const security = [{ bearer: [] }];

/**
 * The admin API under `/admin` (keys, usage, logs, deployments), errors in OpenAI's shape. Every route needs
 * the admin key (or the gateway key, which is admin-equivalent): without one configured the admin
 * API is closed (401); a virtual key gets 403.
 */
export async function adminDialect(app: FastifyInstance, gateway: Gateway): Promise<void> {
  installDialect(app, gateway.guard, toOpenAIError);
  app.addHook('onRequest', async (request) => requireAdmin(gateway, request));

  await keyRoutes(app, gateway);
  app.get('/usage', { schema: { querystring: usageQuery, response: { 200: usageRows }, summary: 'Usage grouped by key, model or day', tags, security } },
    (request: FastifyRequest<{ Querystring: UsageQuery }>) => usageResponse(gateway.storage, request.query, { all: true }));
  app.get('/logs', { schema: { querystring: logsQuery, response: { 200: logEntries }, summary: 'Recent calls, newest first, with filters', tags, security } },
    (request: FastifyRequest<{ Querystring: LogsQuery }>) => logsResponse(gateway.storage, request.query, { all: true }));
  app.get('/deployments', { schema: { summary: 'Deployments with circuit state, load, latency and errors', tags, security } },
    async () => ({ data: deploymentsReport(gateway.router.snapshot()) }));
}
