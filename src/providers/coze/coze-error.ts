import {
  AuthenticationError, InvalidRequestError, NotFoundError, PermissionDeniedError, RateLimitError, UpstreamError,
  type GatewayError,
} from '../../errors/index.js';

/**
 * A Coze error code as the GatewayError Qiao reports (../shared/protocols/coze.md §6). Codes are
 * checked whatever the HTTP status: Coze answers a wrong token with HTTP 200 and `code: 4101`,
 * which the official SDK reports as permission denied; 4100 is an invalid token.
 */
export function cozeError(provider: string, code: number, message: string | undefined, httpStatus?: number): GatewayError {
  const text = `Upstream ${provider} answered with code ${code}: ${message || 'no message'}`;
  const options = { provider, upstreamCode: String(code), upstreamStatus: httpStatus };
  if (code === 4100 || httpStatus === 401) return new AuthenticationError(text, options);
  if (code === 4101 || httpStatus === 403) return new PermissionDeniedError(text, options);
  if (code === 4200 || httpStatus === 404) return new NotFoundError(text, options);
  if (code === 4013 || code === 4019 || httpStatus === 429) return new RateLimitError(text, options);
  if (code >= 4000 && code < 5000) return new InvalidRequestError(text, options);
  return new UpstreamError(text, 502, httpStatus !== undefined && httpStatus >= 500, options);
}
