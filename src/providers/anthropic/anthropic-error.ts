import type { IncomingHttpHeaders } from 'node:http';
import { upstreamErrorFromStatus, type GatewayError } from '../../errors/index.js';
import { describeErrorBody, retryAfterSeconds } from '../../http/index.js';
import type { AnthropicErrorObject } from './anthropic-api.js';

// Anthropic's error types and the statuses they come with (https://docs.claude.com/en/api/errors,
// ../shared/protocols/anthropic.md §5). An in-stream `error` event carries only the type.
const statusByType: Record<string, number> = {
  invalid_request_error: 400, authentication_error: 401, billing_error: 402, permission_error: 403,
  not_found_error: 404, request_too_large: 413, rate_limit_error: 429, api_error: 500,
  timeout_error: 504, overloaded_error: 529,
};

/** An Anthropic error response (`{"type":"error","error":{type,message}}`) as the GatewayError Qiao reports. */
export function readAnthropicError(provider: string, status: number, headers: IncomingHttpHeaders, body: string): GatewayError {
  const { message, code } = describeErrorBody(body);
  const detail = message ? `${message}${code ? ` (${code})` : ''}` : `HTTP ${status}`;
  return upstreamErrorFromStatus(status, `Upstream ${provider} answered ${status}: ${detail}`, {
    provider, upstreamStatus: status, upstreamCode: code, retryAfterSeconds: retryAfterSeconds(headers),
  });
}

/** An `error` event that arrived after the stream started (e.g. `overloaded_error` after HTTP 200). */
export function anthropicStreamError(provider: string, error: AnthropicErrorObject | null | undefined): GatewayError {
  const type = error?.type ?? 'api_error';
  const status = statusByType[type] ?? 500;
  const message = `Upstream ${provider} failed mid-stream: ${error?.message ?? 'unknown error'} (${type})`;
  return upstreamErrorFromStatus(status, message, { provider, upstreamCode: type });
}
