import { GatewayError } from './gateway-error.js';

/** Every deployment of the route has an open circuit; `retryAfterSeconds` says when one will be probed. */
export class DeploymentsUnavailableError extends GatewayError {
  readonly code = 'deployments_unavailable';
  readonly status = 503;
  override readonly retryable = true;
}

/** Qiao is shutting down: the call did not finish within `server.shutdownGraceSeconds`. */
export class ShuttingDownError extends GatewayError {
  readonly code = 'shutting_down';
  readonly status = 503;
  override readonly retryable = true;
}
