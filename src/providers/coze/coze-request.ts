import { parseUpstreamJson, readBodyText, sendUpstream, type UpstreamResponse } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import { isEnvelope } from './coze-api.js';
import { cozeError } from './coze-error.js';
import type { CozeSettings } from './coze-settings.js';

/** One call to the Coze API. */
export interface CozeCall {
  method: 'GET' | 'POST';
  /** Path below the base URL, e.g. `/v3/chat`. */
  path: string;
  /** Query parameters (Coze takes `conversation_id` and `chat_id` there). */
  query?: Record<string, string | undefined>;
  body?: unknown;
  signal?: AbortSignal;
}

function url(settings: CozeSettings, call: CozeCall): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) query.set(key, value);
  const search = query.size > 0 ? `?${query}` : '';
  return `${settings.baseUrl}${call.path}${search}`;
}

/** Sends a call; error statuses become GatewayErrors read from Coze's `{code, msg}` body. */
export function sendCoze(settings: CozeSettings, call: CozeCall): Promise<UpstreamResponse> {
  const headers: Record<string, string> = { ...settings.headers };
  if (settings.apiKey) headers.authorization = `Bearer ${settings.apiKey}`;
  return sendUpstream({
    provider: settings.name,
    url: url(settings, call),
    method: call.method,
    headers,
    body: call.body,
    signal: call.signal,
    timeouts: settings.timeouts,
    readError: (status, _headers, text) => {
      const parsed = safeEnvelope(text, settings.name);
      return cozeError(settings.name, parsed?.code ?? status, parsed?.msg ?? (text.slice(0, 200) || undefined), status);
    },
  });
}

function safeEnvelope(text: string, provider: string): { code?: number; msg?: string } | undefined {
  try {
    const json = parseUpstreamJson(text, provider);
    if (!isEnvelope.Check(json)) return undefined;
    return { code: json.code ?? undefined, msg: json.msg ?? undefined };
  } catch {
    return undefined;
  }
}

/** Reads a JSON answer and checks its envelope: `code != 0` is an error even with HTTP 200. */
export async function readCozeJson(settings: CozeSettings, response: UpstreamResponse, signal?: AbortSignal): Promise<{ envelope: Record<string, unknown>; data: unknown }> {
  const json = parseUpstreamJson(await readBodyText(response, settings.name, signal), settings.name);
  if (!isEnvelope.Check(json)) throw new UpstreamProtocolError(`Upstream ${settings.name} sent an answer Qiao cannot read.`, { provider: settings.name });
  if (json.code) throw cozeError(settings.name, json.code, json.msg ?? undefined, response.statusCode);
  return { envelope: json as Record<string, unknown>, data: json.data };
}

/** A stream request answered with JSON is a `{code, msg}` error (coze-js `core.ts`); call before reading events. */
export async function rejectCozeJson(settings: CozeSettings, response: UpstreamResponse, signal?: AbortSignal): Promise<void> {
  const type = response.headers['content-type'];
  if (typeof type !== 'string' || !type.includes('application/json')) return;
  await readCozeJson(settings, response, signal);
  throw new UpstreamProtocolError(`Upstream ${settings.name} answered a stream request with JSON instead of events.`, { provider: settings.name });
}
