/** What the endpoint fuzzer found, each pinned as a plain example (see public-endpoints.test.ts). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

describe('fuzz findings, fixed', () => {
  let qiao: RunningGateway;
  before(async () => { qiao = await startGateway({ providers: { mock: { paceMs: 0 } } }); });
  after(async () => qiao?.close());

  const json = (body: string): unknown => JSON.parse(body);

  test('a body nested thousands of levels deep is a 400, not a 500 from the stack overflowing where it is serialised again', async () => {
    const cached = await startGateway({ providers: { mock: { paceMs: 0 } }, cache: { enabled: true } });
    try {
      const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
      const body = `{"model":"mock-echo","temperature":0,"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"x":${deep}}}}]}`;
      const response = await cached.app.inject({ method: 'POST', url: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, payload: body });
      assert.equal(response.statusCode, 400);
      assert.match((json(response.body) as { error: { message: string } }).error.message, /more than 128 levels deep/);
      const anthropic = await cached.app.inject({ method: 'POST', url: '/v1/messages', headers: { 'content-type': 'text/plain' }, payload: deep });
      assert.deepEqual([anthropic.statusCode, (json(anthropic.body) as { type: string }).type], [400, 'error']);
    } finally {
      await cached.close();
    }
  });

  test('a path with broken percent-encoding is a 400 in the shape of the API it belongs to, not Fastify\'s body', async () => {
    const openai = await qiao.app.inject({ url: '/v1/models/%C0%AE' });
    assert.equal(openai.statusCode, 400);
    assert.deepEqual(json(openai.body), { error: { message: 'The URL is not valid: its path has broken percent-encoding.', type: 'invalid_request_error', param: null, code: 'invalid_request' } });
    const anthropic = await qiao.app.inject({ method: 'POST', url: '/v1/messages/%zz' });
    assert.equal((json(anthropic.body) as { type: string }).type, 'error');
    const root = await qiao.app.inject({ url: '/docs/static/%zz' });
    assert.equal((json(root.body) as { success: boolean }).success, false);
  });

  test('a path parameter over the router\'s limit is a 400 in the dialect\'s shape', async () => {
    const response = await qiao.app.inject({ method: 'POST', url: `/v1/workflows/${'a'.repeat(101)}/runs`, payload: {} });
    assert.equal(response.statusCode, 400);
    assert.match((json(response.body) as { error: { message: string } }).error.message, /path parameter is too long/);
  });

  test('GET /v1/models/{id} with a "%" in the id is a 404, not a 500 from decoding it twice', async () => {
    const response = await qiao.app.inject({ url: '/v1/models/100%25' });
    assert.equal(response.statusCode, 404);
    assert.match((json(response.body) as { error: { message: string } }).error.message, /"100%"/);
    assert.equal((await qiao.app.inject({ url: '/v1/models/mock%2Fmock-echo' })).statusCode, 200);
  });

  test('count_tokens on a 200 KB run without spaces answers (the tokenizer no longer takes minutes on it)', async () => {
    const response = await qiao.app.inject({
      method: 'POST', url: '/v1/messages/count_tokens',
      payload: { model: 'mock-echo', messages: [{ role: 'user', content: 'x'.repeat(200_000) }] },
    });
    assert.equal(response.statusCode, 200);
    assert.ok((json(response.body) as { input_tokens: number }).input_tokens > 20_000);
  });

  test('mock embeddings with absurd dimensions are a 400 naming the field, not a 2^31-slot allocation', async () => {
    const response = await qiao.app.inject({ method: 'POST', url: '/v1/embeddings', payload: { model: 'mock/mock-embed', input: 'x', dimensions: 2 ** 31 } });
    assert.equal(response.statusCode, 400);
    assert.equal((json(response.body) as { error: { param: string } }).error.param, 'dimensions');
  });

  test('the mock echoes a huge prompt only up to its output limit, so seed 000\'s cumulative stream stays bounded', async () => {
    const response = await qiao.app.inject({ method: 'POST', url: '/chat/stream', payload: { messages: [{ role: 'user', content: '桥'.repeat(60_000) }] } });
    assert.equal(response.statusCode, 200);
    assert.ok(response.body.length < 200_000_000, `${response.body.length} bytes`);
    assert.match(response.body, /"finish_reason":"length"/);
  });
});
