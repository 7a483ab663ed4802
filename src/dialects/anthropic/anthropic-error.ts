import type { GatewayError } from '../../errors/index.js';

// Anthropic's error types by status (https://docs.claude.com/en/api/errors, ../shared/protocols/anthropic.md §5).
const typeByStatus: Record<number, string> = {
  400: 'invalid_request_error', 401: 'authentication_error', 402: 'billing_error', 403: 'permission_error',
  404: 'not_found_error', 413: 'request_too_large', 415: 'invalid_request_error', 429: 'rate_limit_error',
  500: 'api_error', 502: 'api_error', 503: 'overloaded_error', 504: 'timeout_error',
};

/** Anthropic's error body: `{"type":"error","error":{type,message}}`. */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** The one place the anthropic dialect shapes an error, for responses and for the in-stream `error` event. */
export function toAnthropicError(error: GatewayError): AnthropicErrorBody {
  const type = typeByStatus[error.status] ?? (error.status >= 500 ? 'api_error' : 'invalid_request_error');
  return { type: 'error', error: { type, message: error.message } };
}
