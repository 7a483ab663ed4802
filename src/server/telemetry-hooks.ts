import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fromFastifyError } from '../dialects/shared/fastify-error.js';
import type { Gateway } from '../gateway/index.js';
import type { RequestTracer, TracedRequest } from '../gateway/tracing/index.js';

/** Counts every error response (thrown errors of every dialect) by route and code; only on the error path. */
function countErrors(app: FastifyInstance, gateway: Gateway): void {
  const metrics = gateway.metrics;
  if (!metrics) return;
  app.addHook('onError', async (request, _reply, error) => {
    metrics.countError(request.routeOptions.url ?? 'unknown', fromFastifyError(error).code);
  });
}

/**
 * A server span per request, ended when the response closes (streams and clients that go away
 * included); the handler runs inside the trace so upstream calls carry `traceparent` and the usage
 * entry becomes the attempt spans.
 */
function traceRequests(app: FastifyInstance, tracer: RequestTracer): void {
  const traces = new WeakMap<FastifyRequest, TracedRequest>();
  app.addHook('onRequest', (request, reply, done) => {
    const traced = tracer.start({ method: request.method, route: request.routeOptions.url, requestId: request.id, traceparent: request.headers.traceparent });
    traces.set(request, traced);
    reply.raw.once('close', () => tracer.end(traced, reply.raw.statusCode, reply.raw.writableFinished));
    done();
  });
  // A callback hook: `done` runs the handler synchronously, so the handler's async work stays inside the trace.
  app.addHook('preHandler', (request, _reply, done) => {
    const traced = traces.get(request);
    if (traced) tracer.run(traced, done);
    else done();
  });
}

/** Installs metrics and tracing hooks on the root instance (before the dialects, so they inherit them); none when both are off. */
export function installTelemetry(app: FastifyInstance, gateway: Gateway): void {
  countErrors(app, gateway);
  if (gateway.tracer) traceRequests(app, gateway.tracer);
}
