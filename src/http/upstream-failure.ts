import {
  ClientClosedError, GatewayError, UpstreamConnectionError, UpstreamError, UpstreamTimeoutError,
} from '../errors/index.js';

const timeoutCodes = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const connectionCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
]);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((error as { cause?: unknown }).cause);
}

/** Turns a transport failure (thrown by undici) into the GatewayError Qiao reports. */
export function upstreamFailure(error: unknown, provider: string, signal?: AbortSignal): GatewayError {
  if (error instanceof GatewayError) return error;
  if (signal?.aborted) return new ClientClosedError('The client closed the connection; the upstream call was aborted.');
  const code = errorCode(error);
  if (code && timeoutCodes.has(code)) {
    const phase = code === 'UND_ERR_BODY_TIMEOUT' ? 'stopped sending data' : 'did not answer in time';
    return new UpstreamTimeoutError(`Upstream ${provider} ${phase} (${code}).`, { provider, cause: error });
  }
  if (code && connectionCodes.has(code)) {
    return new UpstreamConnectionError(`Could not reach upstream ${provider} (${code}).`, { provider, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError(`Upstream ${provider} failed: ${message}`, 502, false, { provider, cause: error });
}
