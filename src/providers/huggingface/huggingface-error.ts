import type { IncomingHttpHeaders } from 'node:http';
import { type GatewayError, UpstreamError, upstreamErrorFromStatus } from '../../errors/index.js';
import { parseUpstreamJson, readUpstreamError, retryAfterSeconds } from '../../http/index.js';
import { isErrorResponse } from './huggingface-api.js';

/**
 * TGI/TEI `{"error","error_type"}` bodies (huggingface.md): `error_type` is kept as the upstream code;
 * 424 (generation / backend failure) is the server's fault, so a retryable 502, not a client error.
 */
export function readHuggingFaceError(provider: string, status: number, headers: IncomingHttpHeaders, bodyText: string): GatewayError {
  let parsed: unknown;
  try {
    parsed = parseUpstreamJson(bodyText, provider);
  } catch {
    return readUpstreamError(provider, status, headers, bodyText);
  }
  if (!isErrorResponse.Check(parsed)) return readUpstreamError(provider, status, headers, bodyText);
  const message = `Upstream ${provider} answered ${status}: ${parsed.error}`;
  const options = { provider, upstreamStatus: status, upstreamCode: parsed.error_type ?? undefined, retryAfterSeconds: retryAfterSeconds(headers) };
  if (status === 424) return new UpstreamError(message, 502, true, options);
  return upstreamErrorFromStatus(status, message, options);
}
