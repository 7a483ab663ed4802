import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { openAIChunks, openAICompletion, ssePayloads } from '../support/sse-events.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { aigoUpstreamRoutes, fakeAnswer, fakeAnswerDeltas } from '../support/aigo-fake-upstream.js';

interface GenerateEvent { text: string; finish_reason: string | null }
interface ChatEvent { delta: { role?: string; content: string }; finish_reason: string | null }
interface ErrorBody { error: { message: string; code: string } }

describe('AIgo REST API (seed 002) against a live Qiao with an OpenAI-compatible "ollama" and the mock provider', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;

  before(async () => {
    upstream = await startFakeUpstream(aigoUpstreamRoutes());
    qiao = await startGateway({
      providers: {
        ollama: {
          type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, discoverModels: false,
          models: [{ id: 'deepseek-r1:8b', contextWindow: 4096, capabilities: ['chat', 'reasoning'] }, 'llama2:7b', { id: 'bge-m3', capabilities: ['embedding'] }],
        },
        mock: { type: 'mock', paceMs: 0 },
      },
      aliases: { fast: 'ollama/deepseek-r1:8b' },
    });
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  const url = (path: string) => `${qiao.url}/api/v1${path}`;
  const post = (path: string, body: unknown) => fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const lastUpstreamBody = () => upstream.requests.at(-1)!.body as Record<string, unknown>;

  test('GET /models lists every provider model as <provider>:<model>, and the aliases, with only what Qiao knows', async () => {
    const response = await fetch(url('/models'));
    assert.equal(response.status, 200);
    const { models } = await response.json() as { models: Record<string, unknown>[] };
    const byId = new Map(models.map((model) => [model.id, model]));
    assert.deepEqual(byId.get('ollama:deepseek-r1:8b'), {
      id: 'ollama:deepseek-r1:8b', name: 'deepseek-r1:8b', provider: 'ollama',
      capabilities: ['text_generation', 'chat', 'reasoning'],
      parameters: { max_context_length: 4096 },
      metadata: { context_window: 4096, qiao_model: 'ollama/deepseek-r1:8b' },
    });
    assert.deepEqual(byId.get('ollama:llama2:7b'), {
      id: 'ollama:llama2:7b', name: 'llama2:7b', provider: 'ollama', capabilities: ['text_generation', 'chat'],
      parameters: {}, metadata: { qiao_model: 'ollama/llama2:7b' },
    });
    assert.deepEqual((byId.get('ollama:bge-m3') as { capabilities: string[] }).capabilities, ['embedding']);
    assert.deepEqual((byId.get('mock:mock-embed') as { capabilities: string[] }).capabilities, ['embedding']);
    assert.deepEqual(byId.get('fast'), {
      id: 'fast', name: 'fast', provider: 'ollama', capabilities: ['text_generation', 'chat', 'reasoning'],
      parameters: { max_context_length: 4096 }, metadata: { context_window: 4096, alias_of: ['ollama:deepseek-r1:8b'] },
    });
  });

  test('GET /models/{model_id} by AIgo id (plain or percent-encoded), alias, or bare name; the id echoes the request', async () => {
    for (const path of ['ollama:deepseek-r1:8b', 'ollama%3Adeepseek-r1%3A8b']) {
      const model = await (await fetch(url(`/models/${path}`))).json() as { id: string; provider: string; metadata: { context_window: number } };
      assert.deepEqual([model.id, model.provider, model.metadata.context_window], ['ollama:deepseek-r1:8b', 'ollama', 4096]);
    }
    const alias = await (await fetch(url('/models/fast'))).json() as { id: string; metadata: { alias_of: string[] } };
    assert.deepEqual([alias.id, alias.metadata.alias_of], ['fast', ['ollama:deepseek-r1:8b']]);
    const bare = await (await fetch(url('/models/llama2:7b'))).json() as { id: string; provider: string };
    assert.deepEqual([bare.id, bare.provider], ['llama2:7b', 'ollama']);
  });

  test('an unknown model is a 404 in AIgo\'s error shape, with suggestions', async () => {
    const response = await fetch(url('/models/ollama:deepseek-r2:8b'));
    assert.equal(response.status, 404);
    const body = await response.json() as ErrorBody;
    assert.deepEqual(Object.keys(body.error).sort(), ['code', 'message']);
    assert.equal(body.error.code, 'model_not_found');
    assert.match(body.error.message, /ollama:deepseek-r1:8b/);
  });

  test('POST /generate: the upstream text, the model id as sent, usage and finish_reason', async () => {
    const response = await post('/generate', { model: 'ollama:deepseek-r1:8b', prompt: 'hello', max_tokens: 50, temperature: 0.2 });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      text: fakeAnswer, model: 'ollama:deepseek-r1:8b', usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 }, finish_reason: 'stop',
    });
    assert.deepEqual(lastUpstreamBody(), { model: 'deepseek-r1:8b', messages: [{ role: 'user', content: 'hello' }], temperature: 0.2, max_tokens: 50 });
  });

  test('POST /generate with stream: data: {"text", "finish_reason"} events, the last one finishing', async () => {
    const response = await post('/generate', { model: 'fast', prompt: 'hello', stream: true });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = ssePayloads(await response.text()).map((payload) => JSON.parse(payload) as GenerateEvent);
    for (const event of events) assert.deepEqual(Object.keys(event), ['text', 'finish_reason']);
    assert.deepEqual(events.map((event) => event.text), [...fakeAnswerDeltas, '']);
    assert.deepEqual(events.map((event) => event.finish_reason), [...fakeAnswerDeltas.map(() => null), 'stop']);
    assert.equal(lastUpstreamBody().model, 'deepseek-r1:8b');
  });

  test('POST /chat: {message, model, usage, finish_reason}; the messages reach the upstream as sent', async () => {
    const messages = [{ role: 'system', content: '你是一个有用的助手。' }, { role: 'user', content: 'hello' }];
    const response = await post('/chat', { model: 'ollama:llama2:7b', messages, temperature: 0.7, max_tokens: 1000, stream: false });
    assert.deepEqual(await response.json(), {
      message: { role: 'assistant', content: fakeAnswer }, model: 'ollama:llama2:7b',
      usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 }, finish_reason: 'stop',
    });
    assert.deepEqual(lastUpstreamBody(), { model: 'llama2:7b', messages, temperature: 0.7, max_tokens: 1000 });
  });

  test('POST /chat/stream (and /chat with stream: true): the role on the first delta only, the finish on the last', async () => {
    for (const [path, body] of [['/chat/stream', {}], ['/chat', { stream: true }]] as const) {
      const response = await post(path, { model: 'ollama:llama2:7b', messages: [{ role: 'user', content: 'hello' }], ...body });
      const events = ssePayloads(await response.text()).map((payload) => JSON.parse(payload) as ChatEvent);
      assert.deepEqual(events[0], { delta: { role: 'assistant', content: fakeAnswerDeltas[0] }, finish_reason: null });
      for (const event of events.slice(1)) assert.deepEqual(Object.keys(event.delta), ['content']);
      assert.equal(events.map((event) => event.delta.content).join(''), fakeAnswer);
      assert.deepEqual(events.at(-1), { delta: { content: '' }, finish_reason: 'stop' });
      assert.equal(events.filter((event) => event.finish_reason !== null).length, 1);
    }
  });

  test('POST /embed: one vector for a string, one per input for an array; dimensions passed on', async () => {
    const single = await (await post('/embed', { model: 'ollama:bge-m3', input: '这是一个示例文本', dimensions: 6 })).json() as Record<string, unknown>;
    assert.deepEqual(single, { embedding: [0, 0.1, 0.2, 0.3, 0.4, 0.5], dimensions: 6, model: 'ollama:bge-m3', usage: { prompt_tokens: 5, total_tokens: 5 } });
    assert.deepEqual(lastUpstreamBody(), { model: 'bge-m3', input: ['这是一个示例文本'], encoding_format: 'float', dimensions: 6 });
    const many = await (await post('/embed', { model: 'ollama:bge-m3', input: ['a', 'b'] })).json() as { embeddings: number[][]; dimensions: number };
    assert.equal(many.embeddings.length, 2);
    assert.equal(many.dimensions, 4);
  });

  test('the mock provider serves every endpoint too', async () => {
    const generated = await (await post('/generate', { model: 'mock:mock-echo', prompt: 'echo these words' })).json() as { text: string; finish_reason: string };
    assert.deepEqual([generated.text, generated.finish_reason], ['echo these words', 'stop']);
    const streamed = ssePayloads(await (await post('/generate', { model: 'mock:mock-echo', prompt: 'one two three', stream: true })).text())
      .map((payload) => JSON.parse(payload) as GenerateEvent);
    assert.deepEqual(streamed.map((event) => event.text), ['one', ' two', ' three', '']);
    const chat = await (await post('/chat', { model: 'mock:mock-echo', messages: [{ role: 'user', content: '你好' }] })).json() as { message: { content: string } };
    assert.equal(chat.message.content, '你好');
    const chatStream = ssePayloads(await (await post('/chat/stream', { model: 'mock:mock-echo', messages: [{ role: 'user', content: '你好' }] })).text())
      .map((payload) => JSON.parse(payload) as ChatEvent);
    assert.deepEqual(chatStream.map((event) => event.delta.content), ['你', '好', '']);
    const embedded = await (await post('/embed', { model: 'mock:mock-embed', input: 'text', dimensions: 16 })).json() as { embedding: number[]; dimensions: number };
    assert.deepEqual([embedded.embedding.length, embedded.dimensions], [16, 16]);
  });

  test('an upstream failure mid-stream is an in-band error event in AIgo\'s shape, without a finish', async () => {
    const response = await post('/generate', { model: 'ollama:deepseek-r1:8b', prompt: 'fail mid-stream', stream: true });
    const payloads = ssePayloads(await response.text());
    const last = JSON.parse(payloads.at(-1)!) as ErrorBody;
    assert.equal(last.error.code, 'upstream_error');
    assert.match(last.error.message, /mid-stream/);
    for (const payload of payloads.slice(0, -1)) assert.equal((JSON.parse(payload) as GenerateEvent).finish_reason, null);
  });

  test('bad input is a 400 in AIgo\'s shape whose message names the field', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['/generate', { model: 'ollama:llama2:7b' }, /'prompt'/],
      ['/generate', { prompt: 'x' }, /'model'/],
      ['/generate', { model: 'ollama:llama2:7b', prompt: 'x', temperature: 'warm' }, /'temperature'/],
      ['/generate', { model: 'ollama:llama2:7b', prompt: 'x', max_tokens: 0 }, /'max_tokens'/],
      ['/generate', { model: 'ollama:llama2:7b', prompt: 'x', stop: [''] }, /'stop/],
      ['/chat', { model: 'ollama:llama2:7b', messages: [{ role: 'robot', content: 'x' }] }, /'messages\[0\]\.role'.*system, user, assistant/],
      ['/chat/stream', { model: 'ollama:llama2:7b', messages: [] }, /'messages'/],
      ['/embed', { model: 'ollama:bge-m3', input: 3 }, /'input'/],
      ['/chat', '{"model":', /not valid JSON/],
    ];
    for (const [path, body, message] of cases) {
      const response = await post(path, body);
      assert.equal(response.status, 400, `${path} ${JSON.stringify(body)}`);
      const error = await response.json() as ErrorBody;
      assert.equal(error.error.code, 'invalid_request');
      assert.match(error.error.message, message);
    }
  });

  test('an unknown endpoint is a 404 in AIgo\'s shape', async () => {
    const response = await fetch(url('/nothing'));
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: { message: 'Unknown endpoint: GET /api/v1/nothing.', code: 'not_found' } });
  });

  test('GET /health answers what /health answers', async () => {
    const [aigo, root] = await Promise.all([fetch(url('/health')).then((r) => r.json()), fetch(`${qiao.url}/health`).then((r) => r.json())]) as Record<string, unknown>[];
    for (const body of [aigo!, root!]) {
      delete body.timestamp;
      delete body.uptime_seconds;
    }
    assert.deepEqual(aigo, root);
    assert.equal(aigo!.status, 'ok');
    assert.equal(aigo!.models_available, 7);
  });
});

describe('AIgo stop sequences with an upstream that ignores them', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;
  // The answer runs on past the stop sequence "\n\n\n", which spans three deltas.
  const deltas = ['def f():', '\n    return 1\n', '\n', '\n# after', ' the stop'];

  before(async () => {
    upstream = await startFakeUpstream({
      'POST /v1/chat/completions': (request) => {
        const streaming = (request.body as { stream?: boolean }).stream === true;
        // The rest never comes: if Qiao kept reading, the client's response would never end.
        if (streaming) return { sse: openAIChunks(deltas).slice(0, deltas.length + 1), end: 'hang' };
        return { json: openAICompletion(deltas.join('')) };
      },
    });
    qiao = await startGateway({ providers: { ollama: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, discoverModels: false, models: ['deepseek-r1:8b'] } } });
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  const post = (path: string, body: unknown) => fetch(`${qiao.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  test('non-stream: the text is cut at the earliest stop sequence and finish_reason is "stop"', async () => {
    const body = await (await post('/generate', { model: 'ollama:deepseek-r1:8b', prompt: 'code', stop: ['# after', '\n\n\n'] })).json() as { text: string; finish_reason: string };
    assert.deepEqual(body, { ...body, text: 'def f():\n    return 1', finish_reason: 'stop' });
    assert.deepEqual((upstream.requests.at(-1)!.body as { stop: string[] }).stop, ['# after', '\n\n\n'], 'the stop sequences are still sent upstream');
  });

  test('stream: cut across deltas, finish "stop", and the upstream connection closed early', async () => {
    const closedBefore = upstream.closedEarly;
    const response = await post('/generate', { model: 'ollama:deepseek-r1:8b', prompt: 'code', stream: true, stop: '\n\n\n' });
    const events = ssePayloads(await response.text()).map((payload) => JSON.parse(payload) as GenerateEvent);
    assert.equal(events.map((event) => event.text).join(''), 'def f():\n    return 1');
    assert.deepEqual(events.at(-1), { text: '', finish_reason: 'stop' });
    assert.ok(events.slice(0, -1).every((event) => event.finish_reason === null));
    await upstream.waitForClientClose();
    assert.equal(upstream.closedEarly, closedBefore + 1);
  });

  test('stream: a stop sequence in the very first delta also closes the upstream connection', { timeout: 10_000 }, async () => {
    const closedBefore = upstream.closedEarly;
    const response = await post('/generate', { model: 'ollama:deepseek-r1:8b', prompt: 'code', stream: true, stop: 'f()' });
    const events = ssePayloads(await response.text()).map((payload) => JSON.parse(payload) as GenerateEvent);
    assert.equal(events.map((event) => event.text).join(''), 'def ');
    assert.deepEqual(events.at(-1), { text: '', finish_reason: 'stop' });
    await upstream.waitForClientClose();
    assert.equal(upstream.closedEarly, closedBefore + 1);
  });

  test('chat/stream enforces stop the same way', async () => {
    const response = await post('/chat/stream', { model: 'ollama:deepseek-r1:8b', messages: [{ role: 'user', content: 'code' }], stop: ['return'] });
    const events = ssePayloads(await response.text()).map((payload) => JSON.parse(payload) as ChatEvent);
    assert.equal(events.map((event) => event.delta.content).join(''), 'def f():\n    ');
    assert.equal(events.at(-1)!.finish_reason, 'stop');
    await upstream.waitForClientClose();
  });

  test('a stream Qiao ends at a stop sequence is a success in the usage log, not a cancellation', async () => {
    await (await post('/chat/stream', { model: 'ollama:deepseek-r1:8b', messages: [{ role: 'user', content: 'code' }], stop: ['return'] })).text();
    await upstream.waitForClientClose();
    await qiao.gateway.usage.flush();
    const [entry] = await qiao.gateway.storage.requestLog.recent(1);
    assert.deepEqual([entry!.endpoint, entry!.status, entry!.httpStatus], ['/api/v1/chat/stream', 'ok', 200]);
  });

  test('the OpenAI dialect gets the same guarantee', async () => {
    const response = await fetch(`${qiao.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'ollama/deepseek-r1:8b', messages: [{ role: 'user', content: 'code' }], stop: ['return'] }),
    });
    const body = await response.json() as { choices: { message: { content: string }; finish_reason: string }[] };
    assert.deepEqual([body.choices[0]!.message.content, body.choices[0]!.finish_reason], ['def f():\n    ', 'stop']);
  });
});
