import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { aigoUpstreamRoutes, fakeAnswer, gcdBeforeStop } from '../support/aigo-fake-upstream.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { blockAfter, codeBlocks, readSeed } from '../support/seed-examples.js';
import { ssePayloads } from '../support/sse-events.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

// Seed 002's REST half has no client code: its examples are the request bodies, the response
// examples, the auth config and header. They are read from the document at test time and used verbatim.
const seed = readSeed('002_72ca7d7d7d7c3a0a.md');
const restHalf = seed.slice(0, seed.indexOf('## Python API'));

/** The JSON blocks (request, response) under a heading of the REST half. */
function examplesUnder(heading: string): { request: string; response: string } {
  const start = restHalf.indexOf(heading);
  assert.ok(start >= 0, `heading ${heading} is in seed 002`);
  const [request, response] = codeBlocks(restHalf).filter((block) => block.before.length > start && block.language === 'json');
  return { request: request!.code, response: response!.code };
}

/** Every `"key":` a documented example mentions (also works on examples elided with `...`). */
const documentedKeys = (example: string) => new Set([...example.matchAll(/"(\w+)"\s*:/g)].map((match) => match[1]!));

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => keysOf(item, into));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) keysOf(item, into.add(key));
  return into;
}

/** The JSON `data:` lines (not the `...` ellipsis) of the first stream example under a heading. */
function documentedEvents(heading: string): Record<string, unknown>[] {
  const start = restHalf.indexOf(heading);
  const example = codeBlocks(restHalf).find((block) => block.before.length > start && block.code.includes('data: {'));
  assert.ok(start >= 0 && example, `a stream example under ${heading}`);
  return example.code.split('\n').filter((line) => line.startsWith('data: {')).map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

describe('seed 002 (AIgo REST): the documented requests, verbatim, against a live Qiao', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;

  before(async () => {
    upstream = await startFakeUpstream(aigoUpstreamRoutes());
    qiao = await startGateway({
      providers: { ollama: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, discoverModels: false, models: ['deepseek-r1:8b', 'llama2:7b', { id: 'bge-m3', capabilities: ['embedding'] }] } },
    });
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  const post = (path: string, body: string) => fetch(`${qiao.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

  test('the models the document lists are served under the documented ids', async () => {
    const documentedList = blockAfter(restHalf, '#### 列出所有模型', 'json').code;
    const documentedIds = (JSON.parse(documentedList) as { models: { id: string; provider: string }[] }).models;
    const { models } = await (await fetch(`${qiao.url}/api/v1/models`)).json() as { models: Record<string, unknown>[] };
    for (const documented of documentedIds) {
      const model = await (await fetch(`${qiao.url}/api/v1/models/${documented.id}`)).json() as Record<string, unknown>;
      assert.deepEqual([model.id, model.provider], [documented.id, documented.provider]);
      assert.ok(models.some((candidate) => candidate.id === documented.id), `${documented.id} is listed`);
      for (const key of ['id', 'name', 'provider', 'capabilities', 'parameters']) assert.ok(key in model, `${documented.id} has ${key}`);
    }
  });

  test('POST /api/v1/generate with the documented body: the text cut at the documented stop sequence', async () => {
    const { request, response: documented } = examplesUnder('#### 生成文本\n');
    const response = await post('/api/v1/generate', request);
    assert.equal(response.status, 200);
    const body = await response.json() as Record<string, unknown>;
    assert.deepEqual(body, {
      text: gcdBeforeStop, model: 'ollama:deepseek-r1:8b', finish_reason: 'stop',
      usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
    });
    assert.deepEqual(keysOf(body), documentedKeys(documented));
    const sent = upstream.requests.at(-1)!.body as Record<string, unknown>;
    assert.deepEqual([sent.model, sent.max_tokens, sent.temperature, sent.stop], ['deepseek-r1:8b', 500, 0.7, ['\n\n\n', '```\n\n']]);
  });

  test('the same body with "stream": true answers events shaped like the documented stream example', async () => {
    const { request } = examplesUnder('#### 生成文本\n');
    const documented = documentedEvents('#### 流式生成文本');
    const streamed = JSON.stringify({ ...JSON.parse(request) as object, stream: true });
    const events = ssePayloads(await (await post('/api/v1/generate', streamed)).text()).map((payload) => JSON.parse(payload) as Record<string, unknown>);
    for (const event of events) assert.deepEqual(Object.keys(event), Object.keys(documented[0]!));
    assert.equal(events.map((event) => event.text).join(''), gcdBeforeStop);
    assert.equal(events.at(-1)!.finish_reason, documented.at(-1)!.finish_reason);
  });

  test('POST /api/v1/embed with the documented body: a 1024-dimension vector, shaped as documented', async () => {
    const { request, response: documented } = examplesUnder('#### 生成文本嵌入');
    const body = await (await post('/api/v1/embed', request)).json() as { embedding: number[]; dimensions: number; model: string };
    assert.equal(body.embedding.length, 1024);
    assert.deepEqual([body.dimensions, body.model], [1024, 'ollama:bge-m3']);
    assert.deepEqual(keysOf(body), documentedKeys(documented));
  });

  test('POST /api/v1/chat with the documented body: the upstream\'s answer, shaped as documented', async () => {
    const { request, response: documented } = examplesUnder('#### 聊天对话');
    const body = await (await post('/api/v1/chat', request)).json() as { message: { content: string }; model: string; finish_reason: string };
    assert.deepEqual([body.message.content, body.model, body.finish_reason], [fakeAnswer, 'ollama:deepseek-r1:8b', 'stop']);
    assert.deepEqual(keysOf(body), documentedKeys(documented));
    assert.deepEqual((upstream.requests.at(-1)!.body as { messages: unknown }).messages, (JSON.parse(request) as { messages: unknown }).messages);
  });

  test('POST /api/v1/chat/stream with the documented chat body: events shaped like the documented ones', async () => {
    const { request } = examplesUnder('#### 聊天对话');
    const documented = documentedEvents('#### 流式聊天对话');
    const events = ssePayloads(await (await post('/api/v1/chat/stream', request)).text()).map((payload) => JSON.parse(payload) as { delta: Record<string, unknown>; finish_reason: unknown });
    const shape = (event: Record<string, unknown>) => [Object.keys(event), Object.keys(event.delta as object)];
    assert.deepEqual(shape(events[0]!), shape(documented[0]!));
    for (const event of events.slice(1)) assert.deepEqual(shape(event), shape(documented[1]!));
    assert.equal(events.map((event) => event.delta.content).join(''), fakeAnswer);
    assert.equal(events.at(-1)!.finish_reason, documented.at(-1)!.finish_reason);
  });

  test('GET /api/v1/health has every documented field', async () => {
    const documented = JSON.parse(blockAfter(restHalf, '#### 健康检查', 'json').code) as Record<string, unknown>;
    const body = await (await fetch(`${qiao.url}/api/v1/health`)).json() as Record<string, unknown>;
    for (const [key, value] of Object.entries(documented)) assert.equal(typeof body[key], typeof value, key);
    assert.equal(body.status, 'ok');
  });
});

describe('seed 002 authentication: the documented config and header', () => {
  const config = JSON.parse(blockAfter(restHalf, '### 认证', 'json').code) as Record<string, unknown>;
  const headerLine = blockAfter(restHalf, '启用认证后').code.trim();
  const [headerName, headerValue] = headerLine.split(/:\s*/, 2) as [string, string];
  let qiao: RunningGateway;
  before(async () => { qiao = await startGateway({ ...config, providers: { mock: { type: 'mock', paceMs: 0 } } }); });
  after(async () => qiao?.close());

  const calls: [string, string, unknown?][] = [
    ['GET', '/api/v1/models'],
    ['GET', '/api/v1/models/mock:mock-echo'],
    ['GET', '/api/v1/health'],
    ['POST', '/api/v1/generate', { model: 'mock:mock-echo', prompt: 'hi' }],
    ['POST', '/api/v1/chat', { model: 'mock:mock-echo', messages: [{ role: 'user', content: 'hi' }] }],
    ['POST', '/api/v1/chat/stream', { model: 'mock:mock-echo', messages: [{ role: 'user', content: 'hi' }] }],
    ['POST', '/api/v1/embed', { model: 'mock:mock-embed', input: 'hi' }],
    ['POST', '/api/chat', { model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }] }],
  ];
  const call = (method: string, path: string, body: unknown, headers: Record<string, string>) => fetch(`${qiao.url}${path}`, {
    method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers }, body: body === undefined ? undefined : JSON.stringify(body),
  });

  test('the documented header is the documented key', () => {
    assert.deepEqual([headerName, headerValue], ['Authorization', `Bearer ${(config.api as { api_key: string }).api_key}`]);
  });

  test('without the key (or with a wrong one) every endpoint answers 401 in its dialect\'s shape', async () => {
    for (const [method, path, body] of calls) {
      for (const headers of [{}, { [headerName]: 'Bearer wrong-key' }]) {
        const response = await call(method, path, body, headers);
        assert.equal(response.status, 401, `${method} ${path}`);
        assert.deepEqual(Object.keys(((await response.json()) as ErrorShape).error).sort(), ['code', 'message']);
      }
    }
  });

  test('with the documented header every endpoint serves', async () => {
    for (const [method, path, body] of calls) {
      const response = await call(method, path, body, { [headerName]: headerValue });
      assert.equal(response.status, 200, `${method} ${path}`);
      await response.arrayBuffer();
    }
  });
});

type ErrorShape = { error: Record<string, unknown> };
