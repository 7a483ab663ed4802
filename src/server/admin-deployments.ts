import type { FastifyInstance } from 'fastify';
import { installDialect } from '../dialects/shared/install-dialect.js';
import { toOpenAIError } from '../dialects/openai/openai-error.js';
import { PermissionDeniedError } from '../errors/index.js';
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
    if (!request.caller?.isAdmin) throw new PermissionDeniedError('GET /admin/deployments needs an admin key.');
    return { data: deploymentsReport(gateway.router.snapshot()) };
  });
}
