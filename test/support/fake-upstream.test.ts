import { describe, it, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'undici';
import { readdirSync } from 'node:fs';
import { startFakeUpstream, sseFromFixture, readFixture, type FakeUpstream } from './fake-upstream.js';

const fixturesDir = new URL('../../src/providers/openai-compatible/__fixtures__/', import.meta.url);

/** Reads a response body chunk by chunk, returning what arrived and the error that ended it (if any). */
async function drain(body: AsyncIterable<Buffer>): Promise<{ text: string; error: unknown }> {
  let text = '';
  try {
    for await (const chunk of body) text += chunk.toString('utf8');
    return { text, error: undefined };
  } catch (error) {
    return { text, error };
  }
}

describe('fake upstream', () => {
  let upstream: FakeUpstream;
  before(async () => {
    upstream = await startFakeUpstream({
      'POST /v1/chat/completions': (req) => ({
        status: 200,
        headers: { 'x-request-id': 'req_123' },
        json: { echo: req.body, auth: req.headers.authorization ?? null },
      }),
    });
  });
  after(() => upstream.close());

  it('listens on 127.0.0.1 with no trailing slash', () => {
    assert.match(upstream.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('answers JSON and records the request', async () => {
    const before = upstream.requests.length;
    const res = await request(`${upstream.baseUrl}/v1/chat/completions?api-version=2024-01-01`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '你好' }] }),
    });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.headers['x-request-id'], 'req_123');
    assert.deepEqual(await res.body.json(), {
      echo: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: '你好' }] },
      auth: 'Bearer sk-test',
    });

    assert.equal(upstream.requests.length, before + 1);
    const recorded = upstream.requests.at(-1)!;
    assert.equal(recorded.method, 'POST');
    assert.equal(recorded.path, '/v1/chat/completions');
    assert.equal(recorded.query.get('api-version'), '2024-01-01');
    assert.equal(recorded.headers.authorization, 'Bearer sk-test');
    assert.deepEqual(recorded.body, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: '你好' }] });
    assert.equal(upstream.requestsFor('POST /v1/chat/completions').at(-1), recorded);
  });

  it('records non-JSON bodies with body undefined', async () => {
    upstream.route('POST /text', () => ({ json: { ok: true } }));
    const res = await request(`${upstream.baseUrl}/text`, { method: 'POST', body: 'not json' });
    await res.body.dump();
    const recorded = upstream.requests.at(-1)!;
    assert.equal(recorded.bodyText, 'not json');
    assert.equal(recorded.body, undefined);
  });

  it('answers unknown routes with a 404 in OpenAI error shape', async () => {
    const res = await request(`${upstream.baseUrl}/v1/nope`, { method: 'GET' });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(await res.body.json(), {
      error: { message: 'no route for GET /v1/nope', type: 'invalid_request_error', param: null, code: 'not_found' },
    });
  });

  it('route() replaces an existing route', async () => {
    upstream.route('GET /v1/models', () => ({ json: { v: 1 } }));
    upstream.route('GET /v1/models', () => ({ status: 201, json: { v: 2 } }));
    const res = await request(`${upstream.baseUrl}/v1/models`);
    assert.equal(res.statusCode, 201);
    assert.deepEqual(await res.body.json(), { v: 2 });
  });

  it('answers 500 in OpenAI error shape when a handler throws', async () => {
    upstream.route('GET /boom', () => {
      throw new Error('kaput');
    });
    const res = await request(`${upstream.baseUrl}/boom`);
    assert.equal(res.statusCode, 500);
    const body = (await res.body.json()) as { error: { message: string; type: string } };
    assert.match(body.error.message, /kaput/);
    assert.equal(body.error.type, 'server_error');
  });

  it('streams SSE events with a delay between them', async () => {
    upstream.route('POST /sse', async () => ({ sse: ['{"n":1}', '{"n":2}', '[DONE]'], delayMs: 40 }));
    const started = Date.now();
    const res = await request(`${upstream.baseUrl}/sse`, { method: 'POST', body: '{}' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/event-stream/);
    const arrivals: number[] = [];
    let text = '';
    for await (const chunk of res.body) {
      arrivals.push(Date.now() - started);
      text += chunk.toString('utf8');
    }
    assert.equal(text, 'data: {"n":1}\n\ndata: {"n":2}\n\ndata: [DONE]\n\n');
    assert.ok(arrivals.length >= 2, `expected the events to arrive in separate chunks, got ${arrivals.length}`);
    assert.ok(Date.now() - started >= 70, 'two delays of 40ms should have elapsed');
  });

  it('writes raw chunks separately, with status and headers', async () => {
    upstream.route('GET /raw', () => ({
      status: 200,
      headers: { 'x-extra': 'yes' },
      raw: [': keep-alive\n\n', 'data: {"a":', Buffer.from('1}\n\n'), 'event: error\ndata: {"x":1}\n\n'],
      delayMs: 20,
    }));
    const res = await request(`${upstream.baseUrl}/raw`);
    assert.equal(res.headers['x-extra'], 'yes');
    assert.match(String(res.headers['content-type']), /^text\/event-stream/);
    const { text, error } = await drain(res.body);
    assert.equal(error, undefined);
    assert.equal(text, ': keep-alive\n\ndata: {"a":1}\n\nevent: error\ndata: {"x":1}\n\n');
  });

  it('raw string replies can override the content type', async () => {
    upstream.route('GET /html', () => ({ status: 502, headers: { 'content-type': 'text/html' }, raw: '<html>bad gateway</html>' }));
    const res = await request(`${upstream.baseUrl}/html`);
    assert.equal(res.statusCode, 502);
    assert.equal(res.headers['content-type'], 'text/html');
    assert.equal(await res.body.text(), '<html>bad gateway</html>');
  });

  it("end: 'destroy' cuts the stream after the events", async () => {
    upstream.route('POST /cut', () => ({ sse: ['{"n":1}', '{"n":2}'], delayMs: 10, end: 'destroy' }));
    const closedEarlyBefore = upstream.closedEarly;
    const res = await request(`${upstream.baseUrl}/cut`, { method: 'POST', body: '{}' });
    assert.equal(res.statusCode, 200);
    const { text, error } = await drain(res.body);
    assert.ok(error instanceof Error, 'reading a cut stream must fail');
    assert.equal(text, 'data: {"n":1}\n\ndata: {"n":2}\n\n');
    assert.equal(upstream.closedEarly, closedEarlyBefore, 'a server-side destroy is not a client close');
  });

  it('waitForClientClose resolves when the client aborts mid-stream', async () => {
    upstream.route('POST /slow', () => ({ sse: Array.from({ length: 50 }, (_, i) => `{"n":${i}}`), delayMs: 20 }));
    const closedEarlyBefore = upstream.closedEarly;
    const controller = new AbortController();
    const res = await request(`${upstream.baseUrl}/slow`, { method: 'POST', body: '{}', signal: controller.signal });
    let first = '';
    try {
      for await (const chunk of res.body) {
        first += chunk.toString('utf8');
        controller.abort();
      }
    } catch {
      // aborted
    }
    assert.match(first, /^data: \{"n":0\}/);
    await upstream.waitForClientClose();
    assert.equal(upstream.closedEarly, closedEarlyBefore + 1);
  });

  it('waitForClientClose resolves at once for an early close that already happened', async () => {
    upstream.route('POST /hang-once', () => ({ sse: ['{"n":0}'], end: 'hang' }));
    const closedEarlyBefore = upstream.closedEarly;
    const controller = new AbortController();
    const res = await request(`${upstream.baseUrl}/hang-once`, { method: 'POST', body: '{}', signal: controller.signal });
    const iterator = res.body[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await iterator.next().catch(() => {});
    // Poll until the server has noticed, without awaiting waitForClientClose yet.
    while (upstream.closedEarly === closedEarlyBefore) await new Promise((r) => setTimeout(r, 5));
    await upstream.waitForClientClose(); // already happened: resolves immediately
    assert.equal(upstream.closedEarly, closedEarlyBefore + 1);
  });

  it('loads fixtures and replays them as SSE', async () => {
    const fixture = readFixture(fixturesDir, 'openai-text.chunks.txt');
    const payloads = sseFromFixture(fixture);
    assert.ok(payloads.length >= 4);
    assert.equal(payloads.at(-1), '[DONE]');
    upstream.route('POST /fixture', () => ({ sse: payloads }));
    const res = await request(`${upstream.baseUrl}/fixture`, { method: 'POST', body: '{}' });
    const text = await res.body.text();
    assert.equal(text, payloads.map((p) => `data: ${p}\n\n`).join(''));
  });
});

describe('fake upstream lifecycle', () => {
  it("close() does not hang with an 'hang' reply in flight", async () => {
    const upstream = await startFakeUpstream({
      'POST /v1/chat/completions': () => ({ sse: ['{"n":1}'], end: 'hang' }),
    });
    const res = await request(`${upstream.baseUrl}/v1/chat/completions`, { method: 'POST', body: '{}' });
    assert.equal(res.statusCode, 200);
    const iterator = res.body[Symbol.asyncIterator]();
    const first = await iterator.next();
    assert.equal(first.value.toString('utf8'), 'data: {"n":1}\n\n');
    const pending = iterator.next(); // hangs until the server goes away
    const started = Date.now();
    await upstream.close();
    assert.ok(Date.now() - started < 1000, 'close() must be prompt');
    await assert.rejects(pending);
    assert.equal(upstream.closedEarly, 0, 'close() destroying sockets is not a client close');
    await upstream.close(); // idempotent
  });

  it('close() does not hang while a delayed stream is in flight', async () => {
    const upstream = await startFakeUpstream({
      'GET /s': () => ({ sse: ['1', '2', '3'], delayMs: 60_000 }),
    });
    const res = await request(`${upstream.baseUrl}/s`);
    const drained = drain(res.body);
    await new Promise((r) => setTimeout(r, 20));
    await upstream.close();
    const { text, error } = await drained;
    assert.equal(text, 'data: 1\n\n');
    assert.ok(error instanceof Error);
  });
});

describe('fixture helpers', () => {
  it('sseFromFixture skips blank lines and tolerates data: prefixes', () => {
    assert.deepEqual(sseFromFixture('{"a":1}\n\n  \r\ndata: {"b":2}\r\n[DONE]\n'), ['{"a":1}', '{"b":2}', '[DONE]']);
  });

  it('every .chunks.txt fixture is one JSON payload (or [DONE]) per line', () => {
    for (const name of readdirSync(fixturesDir).filter((n) => n.endsWith('.chunks.txt'))) {
      for (const payload of sseFromFixture(readFixture(fixturesDir, name))) {
        if (payload === '[DONE]') continue;
        assert.doesNotThrow(() => JSON.parse(payload), `${name}: ${payload.slice(0, 80)}`);
      }
    }
  });

  it('every .json fixture parses', () => {
    for (const name of readdirSync(fixturesDir).filter((n) => n.endsWith('.json'))) {
      assert.doesNotThrow(() => JSON.parse(readFixture(fixturesDir, name)), name);
    }
  });

  it('readFixture resolves relative to a module URL', () => {
    const self = readFixture(import.meta.url, 'fake-upstream.test.ts');
    assert.match(self, /readFixture resolves relative to a module URL/);
  });
});
