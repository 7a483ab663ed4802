import {
  AuthenticationError, InvalidRequestError, ModelNotFoundError, PermissionDeniedError, RateLimitError,
} from './client-errors.js';
import { GatewayError } from './gateway-error.js';
import { InternalError, UpstreamError, type UpstreamErrorOptions } from './upstream-errors.js';

/**
 * Maps an upstream HTTP error status to the error Qiao reports: client faults keep their status
 * (the caller can fix them), upstream faults become 502 or 503.
 */
export function upstreamErrorFromStatus(status: number, message: string, options: UpstreamErrorOptions = {}): GatewayError {
  switch (status) {
    case 400: case 422: return new InvalidRequestError(message, options);
    case 401: return new AuthenticationError(message, options);
    case 402: case 403: return new PermissionDeniedError(message, options);
    case 404: return new ModelNotFoundError(message, options);
    case 429: return new RateLimitError(message, options);
    case 408: case 409: return new UpstreamError(message, 502, true, { ...options, upstreamStatus: status });
    case 503: case 529: return new UpstreamError(message, 503, true, { ...options, upstreamStatus: status });
    default:
      if (status < 500) return new InvalidRequestError(message, options);
      return new UpstreamError(message, 502, true, { ...options, upstreamStatus: status });
  }
}

/** Wraps anything thrown into a GatewayError without leaking internals to the client. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  return new InternalError('Internal error in Qiao; see the server log for details.', { cause: error });
}
