import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { openRedis } from '../../src/storage/redis-client.js';
import { answerChat } from '../support/openai-chat-fake.js';
import { readFixture, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { ssePayloads } from '../support/sse-events.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const fixtures = new URL('../../src/providers/openai-compatible/__fixtures__/', import.meta.url);
type ChatBody = Parameters<typeof answerChat>[0];

/** An OpenAI-compatible upstream that counts chat calls (answers from the shared fake) and serves embeddings. */
function countingUpstream(): Promise<FakeUpstream> {
  return startFakeUpstream({
    'POST /v1/chat/completions': (request) => answerChat(request.body as ChatBody),
    'POST /v1/embeddings': () => ({ json: JSON.parse(readFixture(fixtures, 'openai-embeddings.json')) }),
  });
}

const providers = (upstream: FakeUpstream) => ({
  upstream: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-upstream', models: ['gpt-4o-mini', 'text-embedding-3-small'] },
});
const chatCalls = (upstream: FakeUpstream) => upstream.requestsFor('POST /v1/chat/completions').length;
const ask = (content: string) => [{ role: 'user' as const, content }];

/** An SSE body with Qiao's fresh ids and timestamps blanked, to compare the shape of two streams. */
function normalisedSse(body: string): string[] {
  return ssePayloads(body).map((payload) => payload.replace(/"(chatcmpl|msg)[-_][A-Za-z0-9]+"/g, '"<id>"').replace(/"created":\d+/g, '"created":0'));
}

describe('response cache (memory) through the openai SDK', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;
  let client: OpenAI;

  before(async () => {
    upstream = await countingUpstream();
    qiao = await startGateway({ providers: providers(upstream), cache: { enabled: true, backend: 'memory' } });
    client = new OpenAI({ baseURL: `${qiao.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  test('JSON: a deterministic request is a miss, then a hit with the same answer and no upstream call', async () => {
    const calls = chatCalls(upstream);
    const params = { model: 'upstream/gpt-4o-mini', messages: ask('cache json'), temperature: 0 };
    const first = await client.chat.completions.create(params).withResponse();
    const second = await client.chat.completions.create(params).withResponse();
    assert.equal(first.response.headers.get('x-qiao-cache'), 'miss');
    assert.equal(second.response.headers.get('x-qiao-cache'), 'hit');
    assert.equal(chatCalls(upstream), calls + 1);
    assert.equal(second.data.choices[0]!.message.content, first.data.choices[0]!.message.content);
    assert.deepEqual(second.data.usage, first.data.usage);
    assert.notEqual(second.data.id, first.data.id);

    await qiao.gateway.usage.flush();
    const [logged] = await qiao.gateway.storage.requestLog.recent(1);
    assert.equal(logged?.requestId, second.response.headers.get('x-request-id'));
    assert.equal(logged?.deployment, 'cache');
    assert.equal(logged?.status, 'ok');
    assert.equal(logged?.inputTokens, 0);
  });

  test('SSE: a cached stream replays as a stream of the same shape', async () => {
    const calls = chatCalls(upstream);
    const params = { model: 'upstream/gpt-4o-mini', messages: ask('cache stream'), temperature: 0, stream: true as const, stream_options: { include_usage: true } };
    const texts: string[] = [];
    for (const expected of ['miss', 'hit']) {
      const { data, response } = await client.chat.completions.create(params).withResponse();
      assert.equal(response.headers.get('x-qiao-cache'), expected);
      assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
      let text = '';
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      texts.push(text);
    }
    assert.equal(texts[0], 'Hello from OpenAI');
    assert.equal(texts[1], texts[0]);
    assert.equal(chatCalls(upstream), calls + 1);

    const raw = async () => (await fetch(`${qiao.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params),
    })).text();
    const [replayedBody, againBody] = [await raw(), await raw()];
    assert.equal(chatCalls(upstream), calls + 1);
    assert.deepEqual(normalisedSse(againBody), normalisedSse(replayedBody));
    assert.equal(ssePayloads(replayedBody).at(-1), '[DONE]');
  });

  test('a stream that failed mid-way is never cached', async () => {
    const calls = chatCalls(upstream);
    for (let round = 0; round < 2; round++) {
      const response = await fetch(`${qiao.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'upstream/gpt-4o-mini', messages: ask('fail mid-stream'), temperature: 0, stream: true }),
      });
      assert.equal(response.headers.get('x-qiao-cache'), 'miss');
      assert.match(ssePayloads(await response.text()).at(-1)!, /"error"/);
    }
    assert.equal(chatCalls(upstream), calls + 2);
  });

  test('sampled requests and cache-control: no-store bypass the cache; no-cache refreshes it', async () => {
    const calls = chatCalls(upstream);
    const sampled = { model: 'upstream/gpt-4o-mini', messages: ask('sampled'), temperature: 0.8 };
    for (let round = 0; round < 2; round++) {
      const { response } = await client.chat.completions.create(sampled).withResponse();
      assert.equal(response.headers.get('x-qiao-cache'), 'miss');
    }
    const unset = { model: 'upstream/gpt-4o-mini', messages: ask('no temperature') };
    await client.chat.completions.create(unset);
    await client.chat.completions.create(unset);
    assert.equal(chatCalls(upstream), calls + 4);

    const params = { model: 'upstream/gpt-4o-mini', messages: ask('directives'), temperature: 0 };
    await client.chat.completions.create(params);
    const noStore = await client.chat.completions.create(params, { headers: { 'cache-control': 'no-store' } }).withResponse();
    const noCache = await client.chat.completions.create(params, { headers: { 'cache-control': 'no-cache' } }).withResponse();
    const forced = await client.chat.completions.create({ ...sampled, messages: ask('forced') }, { headers: { 'x-qiao-cache': 'force' } }).withResponse();
    const forcedAgain = await client.chat.completions.create({ ...sampled, messages: ask('forced') }, { headers: { 'x-qiao-cache': 'force' } }).withResponse();
    assert.deepEqual([noStore, noCache, forced, forcedAgain].map((each) => each.response.headers.get('x-qiao-cache')), ['miss', 'miss', 'miss', 'hit']);
    assert.equal(chatCalls(upstream), calls + 8);
  });

  test('other dialects share the cache: /v1/messages streams are replayed as Anthropic events; embeddings are cached', async () => {
    const calls = chatCalls(upstream);
    const body = JSON.stringify({ model: 'upstream/gpt-4o-mini', max_tokens: 50, temperature: 0, stream: true, messages: ask('anthropic cache') });
    const send = () => fetch(`${qiao.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' }, body });
    const first = await send();
    const second = await send();
    assert.deepEqual([first.headers.get('x-qiao-cache'), second.headers.get('x-qiao-cache')], ['miss', 'hit']);
    const [firstBody, secondBody] = [await first.text(), await second.text()];
    assert.match(firstBody, /event: message_stop/);
    assert.deepEqual(normalisedSse(secondBody), normalisedSse(firstBody));
    assert.equal(chatCalls(upstream), calls + 1);

    const embeddings = upstream.requestsFor('POST /v1/embeddings').length;
    const one = await client.embeddings.create({ model: 'upstream/text-embedding-3-small', input: ['a', 'b', 'c'], encoding_format: 'float' }).withResponse();
    const two = await client.embeddings.create({ model: 'upstream/text-embedding-3-small', input: ['a', 'b', 'c'], encoding_format: 'float' }).withResponse();
    assert.deepEqual([one.response.headers.get('x-qiao-cache'), two.response.headers.get('x-qiao-cache')], ['miss', 'hit']);
    assert.deepEqual(two.data.data[0]!.embedding, one.data.data[0]!.embedding);
    assert.equal(upstream.requestsFor('POST /v1/embeddings').length, embeddings + 1);
  });
});

describe('response cache off (the default)', () => {
  test('no x-qiao-cache header and every request reaches the upstream', async () => {
    const upstream = await countingUpstream();
    const qiao = await startGateway({ providers: providers(upstream) });
    try {
      const client = new OpenAI({ baseURL: `${qiao.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      const params = { model: 'upstream/gpt-4o-mini', messages: ask('off'), temperature: 0 };
      const json = await client.chat.completions.create(params).withResponse();
      const stream = await client.chat.completions.create({ ...params, stream: true }).withResponse();
      for await (const chunk of stream.data) assert.ok(chunk);
      await client.chat.completions.create(params);
      assert.equal(json.response.headers.get('x-qiao-cache'), null);
      assert.equal(stream.response.headers.get('x-qiao-cache'), null);
      assert.equal(chatCalls(upstream), 3);
    } finally {
      await qiao.close();
      await upstream.close();
    }
  });
});

describe('response cache on Redis (127.0.0.1:6379), shared by two gateways', () => {
  const prefix = `cache-test-${randomUUID()}:`;
  const redis = openRedis('redis://127.0.0.1:6379', { prefix: '' });
  let upstream: FakeUpstream;
  let withKey: RunningGateway;
  let anonymous: RunningGateway;

  before(async () => {
    upstream = await countingUpstream();
    const file = { providers: providers(upstream), cache: { enabled: true, ttlSeconds: 120, redisKeyPrefix: prefix } };
    const env = { REDIS_URL: 'redis://127.0.0.1:6379' };
    withKey = await startGateway({ ...file, api: { auth_enabled: true, api_key: 'gateway-key' } }, env);
    anonymous = await startGateway(file, env);
  });
  after(async () => {
    await withKey?.close();
    await anonymous?.close();
    await upstream?.close();
    const keys = await redis.keys(`qiao:${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  test('entries live in Redis with the TTL, answer the same owner on any instance, and never another owner', async () => {
    const calls = chatCalls(upstream);
    const params = { model: 'upstream/gpt-4o-mini', messages: ask('redis'), temperature: 0 };
    const keyed = new OpenAI({ baseURL: `${withKey.url}/v1`, apiKey: 'gateway-key', maxRetries: 0 });
    const open = new OpenAI({ baseURL: `${anonymous.url}/v1`, apiKey: 'unused', maxRetries: 0 });

    const first = await keyed.chat.completions.create(params).withResponse();
    assert.equal(first.response.headers.get('x-qiao-cache'), 'miss');
    const deadline = Date.now() + 5_000;
    let keys: string[] = [];
    while (keys.length === 0 && Date.now() < deadline) keys = await redis.keys(`qiao:${prefix}*`);
    assert.equal(keys.length, 1);
    const ttl = await redis.pttl(keys[0]!);
    assert.ok(ttl > 100_000 && ttl <= 120_000, `pttl ${ttl}`);

    const second = await keyed.chat.completions.create(params).withResponse();
    assert.equal(second.response.headers.get('x-qiao-cache'), 'hit');
    const other = await open.chat.completions.create(params).withResponse();
    assert.equal(other.response.headers.get('x-qiao-cache'), 'miss');
    assert.equal(chatCalls(upstream), calls + 2);

    const stream = { ...params, stream: true as const };
    for (const expected of ['miss', 'hit']) {
      const { data, response } = await open.chat.completions.create(stream).withResponse();
      assert.equal(response.headers.get('x-qiao-cache'), expected);
      let text = '';
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      assert.equal(text, 'Hello from OpenAI');
    }
    assert.equal(chatCalls(upstream), calls + 3);
  });
});
