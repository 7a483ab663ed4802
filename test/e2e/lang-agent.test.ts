import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { runProcess } from '../support/run-process.js';
import { linesBetween, pointedAt, readSeed } from '../support/seed-examples.js';
import { openAIChunks, openAICompletion } from '../support/sse-events.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

// Seed 004 lost its Markdown fences: its examples are cut out by their first and last lines.
const seed = readSeed('004_6c8aa64eefe9eca4.md');
const answerDeltas = ['你好！', '我是小盏，', '是半盏青年茶馆的', '智能助手。'];
const answer = answerDeltas.join('');
const fakeAliKey = 'sk-fake-ali-key';

describe('Lang Agent chat API (seed 004): the openai dialect, with qwen-flash on DashScope as the document\'s users have it', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;

  before(async () => {
    upstream = await startFakeUpstream({
      'POST /compatible-mode/v1/chat/completions': (request) => {
        const body = request.body as { stream?: boolean };
        return body.stream ? { sse: openAIChunks(answerDeltas) } : { json: openAICompletion(answer) };
      },
      'GET /compatible-mode/v1/models': () => ({ json: { object: 'list', data: [{ id: 'qwen-flash', object: 'model', owned_by: 'system' }] } }),
    });
    // Exactly the document's environment (ALI_API_KEY), with DashScope's base URL pointed at the fake.
    qiao = await startGateway({}, { ALI_API_KEY: fakeAliKey, DASHSCOPE_BASE_URL: `${upstream.baseUrl}/compatible-mode/v1` });
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  const lastChatRequest = () => upstream.requestsFor('POST /compatible-mode/v1/chat/completions').at(-1)!;

  test('the document\'s curl example, verbatim, gets the answer in OpenAI\'s shape', async () => {
    const example = pointedAt(linesBetween(seed, 'curl -X POST', '}\''), qiao.url);
    const result = await runProcess('/bin/sh', ['-c', example]);
    assert.equal(result.code, 0, result.stderr);
    const body = JSON.parse(result.stdout) as { object: string; model: string; choices: { message: { role: string; content: string }; finish_reason: string }[] };
    assert.deepEqual([body.object, body.model], ['chat.completion', 'qwen-flash']);
    assert.deepEqual(body.choices[0]!.message, { role: 'assistant', content: answer, refusal: null });
    assert.equal(body.choices[0]!.finish_reason, 'stop');
    const sent = lastChatRequest();
    assert.equal(sent.headers.authorization, `Bearer ${fakeAliKey}`);
    assert.deepEqual(sent.body, { model: 'qwen-flash', messages: [{ role: 'user', content: '你好,请介绍一下你自己。' }] });
  });

  test('the document\'s Python requests example, verbatim, prints the answer', async () => {
    const example = pointedAt(linesBetween(seed, 'import requests', 'print(response.json())'), qiao.url);
    const result = await runProcess('/usr/bin/python3', ['-'], { input: example });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stdout.includes(`'content': '${answer}'`), result.stdout);
    assert.ok(result.stdout.includes("'model': 'qwen-flash'"), result.stdout);
  });

  test('the document\'s Python openai example, replicated with the Node openai SDK (thread_id as an extra body field): the same thread_id keeps the context', async () => {
    // The Python openai package is not available on Debian, so this cannot run verbatim; the Node SDK
    // sends the same request. (Python's SDK would even reject `thread_id=1`: it needs extra_body.)
    const client = new OpenAI({ apiKey: 'your-api-key', baseURL: `${qiao.url}/v1` });
    const params: OpenAI.ChatCompletionCreateParamsNonStreaming & { thread_id: number } = {
      model: 'qwen-flash',
      messages: [{ role: 'system', content: '你是一个有用的助手。' }, { role: 'user', content: '你好,请介绍一下你自己。' }],
      temperature: 0.7,
      thread_id: 1,
    };
    const { data: response, response: raw } = await client.chat.completions.create(params).withResponse();
    assert.equal(response.choices[0]!.message.content, answer);
    assert.deepEqual(lastChatRequest().body, { model: 'qwen-flash', messages: params.messages, temperature: 0.7 });
    assert.equal(raw.headers.get('x-qiao-warnings'), null);

    // "相同的thread_id会保持对话上下文": the next turn sends only its new message; Qiao adds the rest.
    const followUp = { role: 'user' as const, content: '我刚才问了什么？' };
    await client.chat.completions.create({ model: 'qwen-flash', messages: [followUp], thread_id: 1 } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    assert.deepEqual((lastChatRequest().body as { messages: unknown[] }).messages, [...params.messages, { role: 'assistant', content: answer }, followUp]);
  });

  test('the documented request format (thread_id 3, stream false) answers the documented response format', async () => {
    const request = documentedJson('请求格式:', '响应格式:');
    const documentedResponse = JSON.parse(documentedJson('响应格式:', 'API信息接口')) as Record<string, unknown>;
    const response = await fetch(`${qiao.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: request });
    assert.equal(response.status, 200);
    const body = await response.json() as Record<string, unknown> & { choices: Record<string, unknown>[] };
    for (const key of Object.keys(documentedResponse)) assert.ok(key in body, key);
    const documentedChoice = (documentedResponse.choices as Record<string, unknown>[])[0]!;
    for (const key of Object.keys(documentedChoice)) assert.ok(key in body.choices[0]!, `choices[0].${key}`);
    assert.equal((body.choices[0]!.message as { content: string }).content, answer);
    assert.equal(body.model, documentedResponse.model);
    assert.equal((lastChatRequest().body as Record<string, unknown>).max_tokens, 1000);
  });

  test('stream: true really streams (thread_id as a string too)', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${qiao.url}/v1`, maxRetries: 0 });
    const params: OpenAI.ChatCompletionCreateParamsStreaming & { thread_id: string } = {
      model: 'qwen-flash', messages: [{ role: 'user', content: '你好' }], stream: true, thread_id: 'conversation-7',
    };
    let text = '';
    let chunks = 0;
    for await (const chunk of await client.chat.completions.create(params)) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
    }
    assert.equal(text, answer);
    assert.ok(chunks > answerDeltas.length, 'one chunk per delta, plus role and finish');
  });

  test('a thread_id of the wrong type is a 400 in OpenAI\'s shape naming it', async () => {
    const response = await fetch(`${qiao.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen-flash', messages: [{ role: 'user', content: 'x' }], thread_id: { id: 3 } }),
    });
    assert.equal(response.status, 400);
    const error = (await response.json() as { error: { param: string; type: string } }).error;
    assert.deepEqual([error.param, error.type], ['thread_id', 'invalid_request_error']);
  });

  test('the API information (GET /) and health check (GET /health) endpoints answer', async () => {
    const info = await (await fetch(`${qiao.url}/`)).json() as { name: string };
    assert.equal(info.name, 'Qiao');
    const health = await (await fetch(`${qiao.url}/health`)).json() as { status: string; providers: Record<string, { configured: boolean }> };
    assert.equal(health.status, 'ok');
    assert.equal(health.providers.dashscope?.configured, true);
  });
});

/** The JSON the document shows between two captions (its request and response formats). */
function documentedJson(caption: string, nextCaption: string): string {
  const start = seed.indexOf(caption);
  const end = seed.indexOf(nextCaption, start);
  assert.ok(start >= 0 && end > start, `${caption} … ${nextCaption} in seed 004`);
  const text = seed.slice(start + caption.length, end);
  return text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
}
