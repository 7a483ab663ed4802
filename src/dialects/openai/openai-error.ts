import { GatewayError } from '../../errors/index.js';

const typeByStatus: Record<number, string> = {
  400: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'invalid_request_error',
  413: 'invalid_request_error', 415: 'invalid_request_error', 429: 'rate_limit_error',
};

/** The one place the openai dialect shapes an error: `{"error":{message,type,param,code}}`. */
export function toOpenAIError(error: GatewayError): { error: { message: string; type: string; param: string | null; code: string } } {
  return {
    error: {
      message: error.message,
      type: typeByStatus[error.status] ?? (error.status >= 500 ? 'server_error' : 'invalid_request_error'),
      param: error.param ?? null,
      code: error.code,
    },
  };
}
