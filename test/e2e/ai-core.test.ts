import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFixture, sseFromFixture, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { ssePayloads } from '../support/sse-events.js';
import { postJson } from './ai-core-support.js';

const fixtures = new URL('../../src/providers/openai-compatible/__fixtures__/', import.meta.url);
const fixture = (name: string) => readFixture(fixtures, name);
const chunks = (name: string) => sseFromFixture(fixture(name));
const answer = JSON.parse(fixture('openai-text.json')) as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } };
const streamedText = chunks('openai-text.chunks.txt').filter((line) => line !== '[DONE]')
  .map((line) => (JSON.parse(line) as { choices?: { delta?: { content?: string | null } }[] }).choices?.[0]?.delta?.content ?? '').join('');

const providerKey = 'sk-ai-core-secret-4f9a1c';
const user = (content: string) => ({ messages: [{ role: 'user', content }] });

describe('ai_core API (seed 000) against a live Qiao and a fake OpenAI-compatible upstream', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;
  const failuresLeft = new Map<string, number>();

  before(async () => {
    upstream = await startFakeUpstream({
      'POST /v1/chat/completions': (request) => {
        const body = request.body as { stream?: boolean; messages: { content: string }[] };
        const prompt = body.messages.at(-1)?.content ?? '';
        if (prompt === 'fail mid-stream') return { sse: chunks('openai-error-in-stream.chunks.txt') };
        if (prompt === 'hang') return new Promise(() => {});
        const failures = failuresLeft.get(prompt) ?? 0;
        if (failures > 0) {
          failuresLeft.set(prompt, failures - 1);
          return { status: 500, json: { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } } };
        }
        return body.stream ? { sse: chunks('openai-text.chunks.txt') } : { json: JSON.parse(fixture('openai-text.json')) };
      },
    });
    qiao = await startGateway();
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  const configure = (extra: Record<string, unknown> = {}) => postJson(qiao.url, '/config', {
    provider_type: 'openai', api_key: providerKey, model: 'gpt-3.5-turbo', base_url: `${upstream.baseUrl}/v1`, ...extra,
  });

  test('GET /heartbeat answers with the seconds since the previous beat', async () => {
    const first = await (await fetch(`${qiao.url}/heartbeat`)).json() as { success: boolean; message: string; elapsed_time: number };
    assert.deepEqual(Object.keys(first), ['success', 'message', 'elapsed_time']);
    assert.equal(first.success, true);
    assert.equal(first.message, '心跳已更新');
    assert.ok(first.elapsed_time >= 0);
    const second = await (await fetch(`${qiao.url}/heartbeat`)).json() as { elapsed_time: number };
    assert.ok(second.elapsed_time >= 0 && second.elapsed_time < 60, String(second.elapsed_time));
  });

  test('the endpoints are in the OpenAPI document', async () => {
    const document = await (await fetch(`${qiao.url}/openapi.json`)).json() as { paths: Record<string, unknown> };
    for (const path of ['/heartbeat', '/config', '/chat', '/chat/stream']) assert.ok(document.paths[path], path);
  });

  test('before any /config, a mock-only gateway answers with mock/mock-echo', async () => {
    const response = await postJson(qiao.url, '/chat', user('echo this back'));
    assert.equal(response.status, 200);
    const body = await response.json() as Record<string, unknown>;
    assert.deepEqual(body, {
      success: true, content: 'echo this back', model: 'mock-echo', finish_reason: 'stop', usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 },
    });
  });

  test('POST /config answers as documented and never echoes the key, nor does /health', async () => {
    const response = await configure({ timeout: 120, max_retries: 3 });
    assert.equal(response.status, 200);
    const text = await response.text();
    assert.ok(!text.includes(providerKey));
    assert.deepEqual(JSON.parse(text), { success: true, message: '配置成功', provider_type: 'openai', model: 'gpt-3.5-turbo', provider: 'openai' });
    const health = await (await fetch(`${qiao.url}/health`)).text();
    assert.ok(!health.includes(providerKey));
    const providers = (JSON.parse(health) as { providers: Record<string, unknown> }).providers;
    assert.deepEqual(providers.openai, { type: 'openai', source: 'runtime', configured: true, models: 4 });
  });

  test('POST /chat: the upstream answer, usage, and generation_config passed on', async () => {
    await configure();
    const response = await postJson(qiao.url, '/chat', {
      ...user('hello'), generation_config: { temperature: 0.7, top_p: 1.0, max_tokens: 500, stop: ['END'] }, user_tag: 'passed-through',
    });
    assert.equal(response.status, 200);
    const { prompt_tokens, completion_tokens, total_tokens } = answer.usage;
    assert.deepEqual(await response.json(), {
      success: true, content: answer.choices[0]!.message.content, model: 'gpt-3.5-turbo', finish_reason: 'stop', usage: { prompt_tokens, completion_tokens, total_tokens },
    });
    const sent = upstream.requests.at(-1)!;
    assert.equal(sent.headers.authorization, `Bearer ${providerKey}`);
    const body = sent.body as Record<string, unknown>;
    assert.equal(body.model, 'gpt-3.5-turbo');
    assert.equal(body.temperature, 0.7);
    assert.equal(body.top_p, 1);
    assert.equal(body.max_completion_tokens, 500);
    assert.deepEqual(body.stop, ['END']);
    assert.equal(body.user_tag, 'passed-through');
  });

  test('POST /chat/stream: content so far, delta, finish_reason and model per event, then [DONE]', async () => {
    await configure();
    const response = await postJson(qiao.url, '/chat/stream', user('hello'));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = ssePayloads(await response.text());
    assert.equal(events.at(-1), '[DONE]');
    const parsed = events.slice(0, -1).map((event) => JSON.parse(event) as { content: string; delta: string; finish_reason: string | null; model: string; usage?: unknown });
    let running = '';
    for (const event of parsed) {
      running += event.delta;
      assert.equal(event.content, running);
      assert.equal(event.model, 'gpt-3.5-turbo');
    }
    assert.equal(running, streamedText);
    assert.ok(parsed.slice(0, -1).every((event) => event.finish_reason === null));
    assert.equal(parsed.at(-1)!.finish_reason, 'stop');
    assert.deepEqual(parsed.at(-1)!.usage, { prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 });
    assert.equal(parsed.at(-1)!.delta, '');
    assert.equal((upstream.requests.at(-1)!.body as { stream: boolean }).stream, true);
  });

  test('a mid-stream failure ends with a {success:false} event and no [DONE]', async () => {
    await configure();
    const events = ssePayloads(await (await postJson(qiao.url, '/chat/stream', user('fail mid-stream'))).text());
    assert.ok(!events.includes('[DONE]'));
    const last = JSON.parse(events.at(-1)!) as { success: boolean; message: string };
    assert.equal(last.success, false);
    assert.match(last.message, /server had an error/);
    assert.ok(events.slice(0, -1).length > 0, 'text arrived before the failure');
  });

  test('max_retries retries the same deployment before the first byte', async () => {
    await configure({ max_retries: 2 });
    failuresLeft.set('flaky twice', 2);
    const before = upstream.requests.length;
    const response = await postJson(qiao.url, '/chat', user('flaky twice'));
    assert.equal(response.status, 200);
    assert.equal(upstream.requests.length - before, 3);

    await configure({ max_retries: 0 });
    failuresLeft.set('flaky once', 1);
    const failed = await postJson(qiao.url, '/chat', user('flaky once'));
    assert.equal(failed.status, 502);
    assert.equal((await failed.json() as { success: boolean }).success, false);
  });

  test('timeout bounds the wait for the upstream', async () => {
    await configure({ timeout: 0.3 });
    const response = await postJson(qiao.url, '/chat', user('hang'));
    assert.equal(response.status, 504);
    const body = await response.json() as { success: boolean; message: string };
    assert.equal(body.success, false);
    assert.ok(!body.message.includes(providerKey));
  });

  test('provider_type aliyun configures the dashscope provider; the core model is also the ai-core alias of /v1', async () => {
    const response = await postJson(qiao.url, '/config', { provider_type: 'aliyun', api_key: 'sk-dashscope-1', model: 'qwen-plus', base_url: `${upstream.baseUrl}/v1` });
    assert.deepEqual(await response.json(), { success: true, message: '配置成功', provider_type: 'aliyun', model: 'qwen-plus', provider: 'dashscope' });
    const chat = await (await postJson(qiao.url, '/chat', user('hi'))).json() as { model: string };
    assert.equal(chat.model, 'qwen-plus');
    assert.equal(upstream.requests.at(-1)!.headers.authorization, 'Bearer sk-dashscope-1');
    const viaOpenAI = await postJson(qiao.url, '/v1/chat/completions', { model: 'ai-core', ...user('hi') });
    assert.equal(viaOpenAI.status, 200);
    assert.equal((upstream.requests.at(-1)!.body as { model: string }).model, 'qwen-plus');
  });
});
