import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

/**
 * Where an upstream failure came from, for logs and the usage record. The fields live on
 * GatewayError itself, so client-fault errors mapped from an upstream status keep them too.
 */
export type UpstreamErrorOptions = GatewayErrorOptions;

/** The upstream failed or answered with an error. */
export class UpstreamError extends GatewayError {
  readonly code: string = 'upstream_error';
  readonly status: number;
  override readonly retryable: boolean;

  constructor(message: string, status: number, retryable: boolean, options: UpstreamErrorOptions = {}) {
    super(message, options);
    this.status = status;
    this.retryable = retryable;
  }
}

/** The upstream could not be reached (DNS, refused, reset before an answer). */
export class UpstreamConnectionError extends UpstreamError {
  override readonly code = 'upstream_unreachable';
  constructor(message: string, options: UpstreamErrorOptions = {}) {
    super(message, 502, true, options);
  }
}

/** The upstream took too long to answer or to send the next chunk. */
export class UpstreamTimeoutError extends UpstreamError {
  override readonly code = 'upstream_timeout';
  constructor(message: string, options: UpstreamErrorOptions = {}) {
    super(message, 504, true, options);
  }
}

/** The upstream sent something Qiao cannot read. */
export class UpstreamProtocolError extends UpstreamError {
  override readonly code = 'upstream_protocol_error';
  constructor(message: string, options: UpstreamErrorOptions = {}) {
    super(message, 502, false, options);
  }
}

/** The client went away; the upstream call was aborted. Never rendered, only recorded. */
export class ClientClosedError extends GatewayError {
  readonly code = 'client_closed';
  readonly status = 499;
}

/** A bug in Qiao. Rendered without internals. */
export class InternalError extends GatewayError {
  readonly code = 'internal_error';
  readonly status = 500;
}
