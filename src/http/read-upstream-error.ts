import type { IncomingHttpHeaders } from 'node:http';
import { upstreamErrorFromStatus, type GatewayError } from '../errors/index.js';

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Pulls message and code out of the error bodies upstreams send: OpenAI's `{"error":{message,code}}`,
 * Zhipu's string codes, DashScope native `{code,message}`, `{error:"…"}`, `{msg}` (see ../shared/protocols/).
 */
export function describeErrorBody(body: string): { message?: string; code?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const trimmed = body.trim();
    return { message: trimmed ? trimmed.slice(0, 500) : undefined };
  }
  const nested = field(parsed, 'error');
  if (typeof nested === 'string') return { message: nested };
  const source = typeof nested === 'object' && nested !== null ? nested : parsed;
  return {
    message: text(field(source, 'message')) ?? text(field(source, 'msg')) ?? text(field(source, 'detail')),
    code: text(field(source, 'code')) ?? text(field(source, 'type')),
  };
}

/** Seconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
export function retryAfterSeconds(headers: IncomingHttpHeaders): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (Number.isFinite(ms) && ms > 0) return Math.ceil(ms / 1000);
  const value = headers['retry-after'];
  if (typeof value !== 'string') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The default reading of an upstream error response. */
export function readUpstreamError(provider: string, status: number, headers: IncomingHttpHeaders, body: string): GatewayError {
  const { message, code } = describeErrorBody(body);
  const detail = message ?? `HTTP ${status}`;
  return upstreamErrorFromStatus(status, `Upstream ${provider} answered ${status}: ${detail}`, {
    provider,
    upstreamStatus: status,
    upstreamCode: code,
    retryAfterSeconds: retryAfterSeconds(headers),
  });
}
