import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

describe('service routes and HTTP edges', () => {
  let qiao: RunningGateway;

  before(async () => {
    qiao = await startGateway({ server: { bodyLimitBytes: 64 * 1024 } });
  });
  after(async () => qiao?.close());

  const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    fetch(`${qiao.url}${path}`, { method: 'POST', headers, body });

  test('GET / names the service and links to the docs', async () => {
    const response = await fetch(`${qiao.url}/`);
    const body = await response.json() as { name: string; version: string; links: Record<string, string> };
    assert.equal(body.name, 'Qiao');
    assert.match(body.version, /^\d+\.\d+\.\d+/);
    assert.equal(body.links.docs, '/docs');
  });

  test('GET /health reports version, uptime, models and per-provider state', async () => {
    const body = await (await fetch(`${qiao.url}/health`)).json() as Record<string, unknown>;
    assert.equal(body.status, 'ok');
    assert.equal(typeof body.uptime_seconds, 'number');
    assert.equal(body.models_available, 4);
    assert.deepEqual(body.providers, { mock: { type: 'mock', source: 'builtin', configured: true, models: 4 } });
  });

  test('GET /docs serves the API reference page and /openapi.json the document behind it', async () => {
    const page = await fetch(`${qiao.url}/docs/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /swagger-ui/i);
    const document = await (await fetch(`${qiao.url}/openapi.json`)).json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(document.openapi, /^3\./);
    for (const path of ['/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/models', '/health']) {
      assert.ok(document.paths[path], `${path} is documented`);
    }
  });

  test('every response carries x-request-id, the client\'s own when it sends a sane one', async () => {
    const mine = await fetch(`${qiao.url}/health`, { headers: { 'x-request-id': 'trace-123' } });
    assert.equal(mine.headers.get('x-request-id'), 'trace-123');
    const hostile = await fetch(`${qiao.url}/health`, { headers: { 'x-request-id': 'a b\u00e9' } });
    assert.match(hostile.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
  });

  test('an oversized body is a 413 in OpenAI\'s error shape', async () => {
    const response = await post('/v1/chat/completions', JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] }));
    assert.equal(response.status, 413);
    const body = await response.json() as { error: { code: string; type: string } };
    assert.equal(body.error.code, 'payload_too_large');
  });

  test('malformed JSON, wrong types and unknown content part types are 400s naming the problem', async () => {
    const cases: [string, RegExp, string | null][] = [
      ['{"model":', /not valid JSON/, null],
      ['', /empty/, null],
      ['[1,2]', /object|type/i, null],
      [JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: [{ type: 'video', url: 'x' }] }] }), /unknown content part type/, 'messages[0].content[0].type'],
      [JSON.stringify({ model: 'mock-echo', messages: [{ role: 'tool', content: 'r' }] }), /tool_call_id/, 'messages[0].tool_call_id'],
      [JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'x' }], n: 0 }), /n/, 'n'],
      [JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'custom', custom: {} }] }), /tools/, null],
      [JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'x' }], stream: 'yes' }), /stream/, 'stream'],
    ];
    for (const [body, message, param] of cases) {
      const response = await post('/v1/chat/completions', body);
      assert.equal(response.status, 400, body);
      const error = (await response.json() as { error: { message: string; param: string | null; type: string } }).error;
      assert.match(error.message, message, body);
      assert.equal(error.type, 'invalid_request_error');
      if (param) assert.equal(error.param, param, body);
    }
  });

  test('a body sent with a form content type (curl -d) is still read as JSON', async () => {
    const response = await post('/v1/chat/completions', JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'curl style' }] }),
      { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(response.status, 200);
    const body = await response.json() as { choices: { message: { content: string } }[] };
    assert.equal(body.choices[0]!.message.content, 'curl style');
  });

  test('unknown /v1 endpoints are 404s in OpenAI\'s shape', async () => {
    const response = await fetch(`${qiao.url}/v1/nothing-here`);
    assert.equal(response.status, 404);
    const body = await response.json() as { error: { message: string } };
    assert.match(body.error.message, /GET \/v1\/nothing-here/);
  });
});

describe('gateway API key (api.auth_enabled)', () => {
  let qiao: RunningGateway;
  before(async () => { qiao = await startGateway({ api: { auth_enabled: true, api_key: 'gateway-secret' } }); });
  after(async () => qiao?.close());

  test('without or with a wrong key the /v1 API answers 401; with the key it serves', async () => {
    const body = JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] });
    const call = (headers: Record<string, string>) => fetch(`${qiao.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const missing = await call({});
    assert.equal(missing.status, 401);
    assert.equal((await missing.json() as { error: { code: string } }).error.code, 'invalid_api_key');
    assert.equal((await call({ authorization: 'Bearer nope' })).status, 401);
    assert.equal((await call({ authorization: 'Bearer gateway-secret' })).status, 200);
    assert.equal((await fetch(`${qiao.url}/v1/models`)).status, 401);
  });
});
