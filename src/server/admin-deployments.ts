import type { FastifyInstance } from 'fastify';
import { installDialect } from '../dialects/shared/install-dialect.js';
import { toOpenAIError } from '../dialects/openai/openai-error.js';
import { requireAdmin } from '../dialects/admin/require-admin.js';
import { deploymentsReport, type Gateway } from '../gateway/index.js';

/**
 * `GET /admin/deployments`: every deployment's routing state (circuit, in-flight calls, latency and
 * error averages, last error). Admin only; errors in OpenAI's shape. Registered under `/admin`
 * without a 404 handler of its own, beside the other admin routes.
 */
export async function adminDeploymentsRoute(app: FastifyInstance, gateway: Gateway): Promise<void> {
  installDialect(app, gateway.guard, toOpenAIError, { notFound: false });
  app.get('/deployments', {
    schema: { summary: 'Deployments with circuit state, load, latency and errors (admin)', tags: ['Admin'] },
  }, async (request) => {
    requireAdmin(gateway, request);
    return { data: deploymentsReport(gateway.router.snapshot()) };
  });
}
