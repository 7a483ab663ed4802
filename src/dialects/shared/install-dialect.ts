import './request-caller.js';
import type { FastifyInstance } from 'fastify';
import { InternalError, LimitExceededError, NotFoundError, type GatewayError } from '../../errors/index.js';
import type { ApiKeyGuard } from '../../gateway/index.js';
import { fromFastifyError } from './fastify-error.js';

/** How a dialect shapes an error body; the one place each dialect does it. */
export type ErrorRenderer = (error: GatewayError) => unknown;

/**
 * What every inbound API shape sets up in its encapsulated plugin: errors (validation, parsing,
 * limits, thrown GatewayErrors) rendered in its own shape with `retry-after` when known, its own
 * 404 for unknown paths under its prefix, and the gateway key check on every route.
 */
export function installDialect(app: FastifyInstance, guard: ApiKeyGuard, render: ErrorRenderer, options: { notFound: boolean } = { notFound: true }): void {
  app.setErrorHandler((error, request, reply) => {
    const gatewayError = fromFastifyError(error as Error);
    // A bug in Qiao gets its stack; an upstream outage is expected operation and gets one line.
    if (gatewayError instanceof InternalError) request.log.error({ err: error }, 'request failed');
    else if (gatewayError.status >= 500) request.log.warn({ code: gatewayError.code, provider: gatewayError.provider, message: gatewayError.message }, 'upstream failed');
    if (gatewayError.retryAfterSeconds !== undefined) reply.header('retry-after', String(gatewayError.retryAfterSeconds));
    if (gatewayError instanceof LimitExceededError) reply.header('x-qiao-limit', gatewayError.limit);
    return reply.status(gatewayError.status).send(render(gatewayError));
  });
  if (options.notFound) {
    app.setNotFoundHandler((request, reply) => reply.status(404).send(render(
      new NotFoundError(`Unknown endpoint: ${request.method} ${request.url.split('?')[0]}.`),
    )));
  }
  // A callback hook: most checks answer synchronously (no key, a configured key, a cached virtual key's hash), without a promise per request.
  app.addHook('onRequest', (request, _reply, done) => {
    let checked: ReturnType<ApiKeyGuard['check']>;
    try {
      checked = guard.check(request.headers);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (!(checked instanceof Promise)) {
      request.caller = checked;
      done();
      return;
    }
    checked.then((caller) => {
      request.caller = caller;
      done();
    }, done);
  });
}
