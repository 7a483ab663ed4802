/**
 * A fake Anthropic Messages API on 127.0.0.1 for provider and end-to-end tests, replaying the
 * recorded fixtures in src/providers/anthropic/__fixtures__/ with the wire details of
 * ../shared/protocols/anthropic.md: `event:` + `data:` lines, no `[DONE]`, Anthropic's error bodies,
 * `max_tokens` and `anthropic-version` required, the key in `x-api-key` (or `Authorization: Bearer`).
 * What it answers depends on the last user text: `overloaded` (529), `rate limit me` (429),
 * `fail mid-stream`, `cut`, `slow` (the first text, then silence), `think`; with `tools` in the body it calls a tool.
 */
import { readFixture, sseFromFixture, startFakeUpstream, type FakeReply, type FakeUpstream, type RecordedRequest } from './fake-upstream.js';

const fixtures = new URL('../../src/providers/anthropic/__fixtures__/', import.meta.url);

/** A fixture file's text. */
export const anthropicFixture = (name: string): string => readFixture(fixtures, name);

/** One SSE event per payload, named by its `type` as Anthropic sends it. */
export function anthropicSse(payloads: string[]): string[] {
  return payloads.map((payload) => `event: ${(JSON.parse(payload) as { type: string }).type}\ndata: ${payload}\n\n`);
}

/** The wire events of a fixture: a `.raw.txt` as recorded, a `.chunks.txt` with `event:` lines added. */
export function anthropicEvents(name: string): string[] {
  const text = anthropicFixture(name);
  if (name.endsWith('.raw.txt')) return text.split(/(?<=\n\n)/).filter((event) => event.trim().length > 0);
  return anthropicSse(sseFromFixture(text));
}

/** The text a fixture streams, computed from the fixture. */
export function anthropicStreamedText(name: string): string {
  return anthropicEvents(name).map((event) => {
    const data = /^data: (.*)$/m.exec(event)?.[1] ?? '{}';
    const parsed = JSON.parse(data) as { delta?: { type?: string; text?: string } };
    return parsed.delta?.type === 'text_delta' ? parsed.delta.text ?? '' : '';
  }).join('');
}

function error(status: number, type: string, message: string, headers: Record<string, string> = {}): FakeReply {
  return { status, headers: { 'request-id': 'req_fake_error', ...headers }, json: { type: 'error', error: { type, message }, request_id: 'req_fake_error' } };
}

interface MessagesBody {
  stream?: boolean;
  max_tokens?: number;
  tools?: unknown[];
  thinking?: unknown;
  messages?: { role: string; content: string | { type: string; text?: string }[] }[];
}

function lastUserText(body: MessagesBody): string {
  const last = body.messages?.filter((message) => message.role === 'user').at(-1);
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return last.content.filter((block) => block.type === 'text').map((block) => block.text ?? '').join('');
}

/** The fake's answer to one `POST /v1/messages`. */
export function answerMessages(request: RecordedRequest): FakeReply {
  const key = request.headers['x-api-key'] ?? request.headers.authorization;
  if (!key) return error(401, 'authentication_error', 'x-api-key header is required');
  if (!request.headers['anthropic-version']) return error(400, 'invalid_request_error', 'anthropic-version: header is required');
  const body = request.body as MessagesBody;
  if (typeof body.max_tokens !== 'number') return error(400, 'invalid_request_error', 'max_tokens: Field required');
  const prompt = lastUserText(body);
  const headers = { 'request-id': 'req_fake_ok' };
  if (prompt === 'overloaded') return { status: 529, headers, json: JSON.parse(anthropicFixture('anthropic-overloaded.json')) };
  if (prompt === 'rate limit me') return { status: 429, headers: { ...headers, 'retry-after': '7' }, json: JSON.parse(anthropicFixture('anthropic-rate-limit.json')) };
  if (prompt === 'fail mid-stream') return { headers, raw: anthropicEvents('anthropic-error-in-stream.chunks.txt') };
  if (prompt === 'cut') return { headers, raw: anthropicEvents('anthropic-text-and-tool.chunks.txt').slice(0, 3), end: 'destroy' };
  if (prompt === 'slow') return { headers, raw: anthropicEvents('anthropic-text.raw.txt').slice(0, 4), end: 'hang' };
  if (body.tools?.length) {
    return body.stream ? { headers, raw: anthropicEvents('anthropic-text-and-tool.chunks.txt') } : { headers, json: JSON.parse(anthropicFixture('anthropic-tool-no-args.json')) };
  }
  if (prompt === 'think' || body.thinking) {
    return body.stream ? { headers, raw: anthropicEvents('anthropic-thinking.chunks.txt') } : { headers, json: JSON.parse(anthropicFixture('anthropic-thinking.json')) };
  }
  return body.stream ? { headers, raw: anthropicEvents('anthropic-text.raw.txt') } : { headers, json: JSON.parse(anthropicFixture('anthropic-text.json')) };
}

/** Starts the fake: `POST /v1/messages` and `GET /v1/models`. */
export function startFakeAnthropic(): Promise<FakeUpstream> {
  return startFakeUpstream({
    'POST /v1/messages': answerMessages,
    'GET /v1/models': () => ({ json: JSON.parse(anthropicFixture('anthropic-models.json')) }),
  });
}
