import type { FastifyInstance } from 'fastify';
import { installDialect } from '../dialects/shared/install-dialect.js';
import { PermissionDeniedError } from '../errors/index.js';
import type { Gateway } from '../gateway/index.js';
import { toServiceError } from './service-routes.js';

/**
 * `GET /metrics` in Prometheus text format. With auth on it needs the admin key (the configured
 * gateway key counts as one) unless `telemetry.metricsPublic`; with auth off it is open.
 */
export async function metricsRoute(app: FastifyInstance, gateway: Gateway): Promise<void> {
  const metrics = gateway.metrics;
  if (!metrics) return;
  if (!gateway.config.telemetry.metricsPublic) {
    installDialect(app, gateway.guard, toServiceError, { notFound: false });
    app.addHook('onRequest', async (request) => {
      // The key check has already answered 401 to a missing or wrong key; a valid non-admin key is refused.
      if (gateway.guard.enabled && !request.caller?.isAdmin) throw new PermissionDeniedError('GET /metrics needs the admin key.');
    });
  }
  app.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics: requests, errors, latency, tokens, cost, upstream health, process',
      description: 'Text exposition format 0.0.4. Needs the admin key when auth is on (401 without a valid key, 403 for a virtual key), unless telemetry.metricsPublic is set.',
      tags: ['Service'],
      security: [{ bearer: [] }],
    },
  }, async (_request, reply) => {
    const text = await metrics.render();
    return reply.header('cache-control', 'no-store').type(metrics.contentType).send(text);
  });
}
