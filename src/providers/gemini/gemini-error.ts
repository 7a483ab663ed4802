import type { IncomingHttpHeaders } from 'node:http';
import { Type } from '@sinclair/typebox';
import { compileOnFirstUse } from '../compile-on-first-use.js';
import { AuthenticationError, type GatewayError, upstreamErrorFromStatus } from '../../errors/index.js';
import { parseUpstreamJson, readUpstreamError, retryAfterSeconds } from '../../http/index.js';

// Google RPC error body (gemini.md §5): `{"error":{code,message,status,details:[{"@type",reason,retryDelay}]}}`.
const isRpcError = compileOnFirstUse(Type.Object({
  error: Type.Object({
    message: Type.Optional(Type.String()),
    status: Type.Optional(Type.String()),
    details: Type.Optional(Type.Array(Type.Object({
      reason: Type.Optional(Type.String()),
      retryDelay: Type.Optional(Type.String()),
    }))),
  }),
}));

/** Reads Gemini's error bodies: an invalid key (400 `API_KEY_INVALID`) is an authentication error; `RetryInfo` sets retry-after. */
export function readGeminiError(provider: string, status: number, headers: IncomingHttpHeaders, bodyText: string): GatewayError {
  let parsed: unknown;
  try {
    parsed = parseUpstreamJson(bodyText, provider);
  } catch {
    return readUpstreamError(provider, status, headers, bodyText);
  }
  // Without `alt=sse` errors come wrapped in an array.
  const body = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!isRpcError.Check(body)) return readUpstreamError(provider, status, headers, bodyText);
  const { message, status: rpcStatus, details = [] } = body.error;
  const reason = details.find((detail) => detail.reason)?.reason;
  const delay = details.find((detail) => detail.retryDelay)?.retryDelay;
  const delaySeconds = delay && /^\d+(\.\d+)?s$/.test(delay) ? Math.ceil(Number.parseFloat(delay)) : undefined;
  const options = {
    provider, upstreamStatus: status, upstreamCode: reason ?? rpcStatus,
    retryAfterSeconds: retryAfterSeconds(headers) ?? delaySeconds,
  };
  const text = `Upstream ${provider} answered ${status}: ${message ?? rpcStatus ?? `HTTP ${status}`}`;
  if (reason === 'API_KEY_INVALID') return new AuthenticationError(text, options);
  return upstreamErrorFromStatus(status, text, options);
}
