import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startFakeAnthropic } from '../support/anthropic-fake-upstream.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { openAIChunks, openAICompletion } from '../support/sse-events.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

// What the Anthropic-compatible inbound API does beyond the cross matrix (anthropic-matrix.test.ts).
describe('Qiao\'s /v1/messages in Anthropic\'s exact shape', () => {
  let openAIUpstream: FakeUpstream;
  let anthropicUpstream: FakeUpstream;
  let qiao: RunningGateway;
  let claude: Anthropic;
  const key = 'gateway-key';

  before(async () => {
    openAIUpstream = await startFakeUpstream({
      'POST /v1/chat/completions': (request) => ((request.body as { stream?: boolean }).stream ? { sse: openAIChunks(['ok']) } : { json: openAICompletion('ok') }),
    });
    anthropicUpstream = await startFakeAnthropic();
    qiao = await startGateway({
      api: { auth_enabled: true, api_key: key },
      providers: {
        mock: { paceMs: 0 },
        oai: { type: 'openai-compatible', baseUrl: `${openAIUpstream.baseUrl}/v1`, models: ['gpt-4o-mini'] },
        claude: { type: 'anthropic', baseUrl: anthropicUpstream.baseUrl, apiKey: 'sk-ant-secret', models: ['claude-opus-4-6'] },
      },
    });
    claude = new Anthropic({ baseURL: qiao.url, apiKey: key, maxRetries: 0 });
  });
  after(async () => {
    await qiao?.close();
    await openAIUpstream?.close();
    await anthropicUpstream?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = { 'x-api-key': key }) => fetch(`${qiao.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', ...headers }, body: JSON.stringify(body),
  });

  test('errors are Anthropic\'s shape: validation, unknown paths, the gateway key', async () => {
    const missing = await post('/v1/messages', { model: 'mock/mock-echo', messages: [{ role: 'user', content: 'hi' }] });
    assert.equal(missing.status, 400);
    assert.deepEqual(await missing.json(), { type: 'error', error: { type: 'invalid_request_error', message: "Missing required parameter: 'max_tokens'." } });
    const badBlock = await post('/v1/messages', { model: 'mock/mock-echo', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'video' }] }] });
    assert.equal(((await badBlock.json()) as { error: { message: string } }).error.message.includes('messages[0].content[0].type'), true);
    const unknown = await post('/v1/messages/batches', {});
    assert.deepEqual(((await unknown.json()) as { error: { type: string } }).error.type, 'not_found_error');
    const noKey = await post('/v1/messages', { model: 'mock/mock-echo', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }, { 'x-api-key': 'wrong' });
    assert.equal(noKey.status, 401);
    assert.equal(((await noKey.json()) as { error: { type: string } }).error.type, 'authentication_error');
  });

  test('an overloaded Anthropic upstream is a 503 overloaded_error, the SDK\'s InternalServerError', async () => {
    const error = await claude.messages.create({ model: 'claude/claude-opus-4-6', max_tokens: 5, messages: [{ role: 'user', content: 'overloaded' }] }).catch((thrown: unknown) => thrown);
    assert.ok(error instanceof Anthropic.InternalServerError);
    assert.equal(error.status, 503);
    assert.equal((error.error as { error: { type: string } }).error.type, 'overloaded_error');
    assert.ok(!error.message.includes('sk-ant-secret'));
  });

  test('an in-stream failure is an `error` event and no message_stop', async () => {
    const response = await post('/v1/messages', { model: 'claude/claude-opus-4-6', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'fail mid-stream' }] });
    const body = await response.text();
    assert.match(body, /^event: message_start\n/);
    assert.match(body, /event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error","message":"Upstream claude failed mid-stream: Overloaded \(overloaded_error\)"\}\}\n\n$/);
    assert.doesNotMatch(body, /message_stop/);
  });

  test('system (string or blocks), stop_sequences, top_k and thinking reach an Anthropic upstream', async () => {
    const unknownToThisSdk = { top_k: 3 };
    await claude.messages.create({
      ...unknownToThisSdk,
      model: 'claude/claude-opus-4-6', max_tokens: 50, system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Be kind.' }],
      stop_sequences: ['END'], thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'hi' }],
    });
    const sent = anthropicUpstream.requests.at(-1)!.body as Record<string, unknown>;
    assert.deepEqual(sent.system, [{ type: 'text', text: 'Be brief.\nBe kind.' }]);
    assert.deepEqual([sent.stop_sequences, sent.top_k, sent.thinking, sent.max_tokens], [['END'], 3, { type: 'enabled', budget_tokens: 1024 }, 50]);
  });

  test('thinking comes out as thinking blocks, streamed and not', async () => {
    const streamed = await claude.messages.stream({ model: 'claude/claude-opus-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'think' }] }).finalMessage();
    assert.deepEqual(streamed.content.map((block) => block.type), ['thinking', 'text']);
    const whole = await claude.messages.create({ model: 'claude/claude-opus-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'think' }] });
    assert.deepEqual(whole.content.map((block) => block.type), ['thinking', 'text']);
    assert.equal(streamed.content[0]?.type === 'thinking' && streamed.content[0].thinking, 'The user asks 2+2. That is 4.');
    assert.equal(streamed.stop_reason, 'max_tokens');
    const mock = await claude.messages.create({ model: 'mock/mock-think', max_tokens: 50, messages: [{ role: 'user', content: 'two words' }] });
    assert.deepEqual(mock.content.map((block) => block.type), ['thinking', 'text']);
  });

  test('a tool round trip from an Anthropic client reaches an OpenAI-compatible upstream as tool messages', async () => {
    await claude.messages.create({
      model: 'oai/gpt-4o-mini', max_tokens: 50, system: 'Use tools.',
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '15 degrees' }] }, { type: 'text', text: 'And?' }] },
      ],
    });
    const sent = openAIUpstream.requests.at(-1)!.body as Record<string, unknown>;
    assert.deepEqual(sent.messages, [
      { role: 'system', content: 'Use tools.' },
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
      { role: 'tool', content: '15 degrees', tool_call_id: 'toolu_1' },
      { role: 'user', content: [{ type: 'text', text: 'And?' }] },
    ]);
    assert.deepEqual([sent.tool_choice, sent.parallel_tool_calls, sent.max_tokens], ['required', false, 50]);
  });

  test('an OpenAI client\'s tool results reach Anthropic as tool_result blocks; the max_tokens default is a visible warning', async () => {
    const openai = new OpenAI({ baseURL: `${qiao.url}/v1`, apiKey: key, maxRetries: 0 });
    const { response } = await openai.chat.completions.create({
      model: 'claude/claude-opus-4-6',
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_1', content: '15 degrees' },
      ],
    }).withResponse();
    const sent = anthropicUpstream.requests.at(-1)!.body as Record<string, unknown>;
    assert.deepEqual(sent.messages, [
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '15 degrees' }] },
    ]);
    assert.equal(sent.max_tokens, 4096);
    const warnings = JSON.parse(response.headers.get('x-qiao-warnings') ?? '[]') as { param: string }[];
    assert.deepEqual(warnings.map((warning) => warning.param), ['max_tokens']);
  });

  test('n > 1 against an Anthropic model is a 400 naming n', async () => {
    const openai = new OpenAI({ baseURL: `${qiao.url}/v1`, apiKey: key, maxRetries: 0 });
    const error = await openai.chat.completions.create({ model: 'claude/claude-opus-4-6', n: 2, messages: [{ role: 'user', content: 'hi' }] }).catch((thrown: unknown) => thrown);
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.equal(error.param, 'n');
  });

  test('count_tokens estimates with gpt-tokenizer and says so', async () => {
    const count = await claude.messages.countTokens({ model: 'mock/mock-echo', system: 'Be brief.', messages: [{ role: 'user', content: 'Hello, world' }] });
    assert.ok(count.input_tokens > 5 && count.input_tokens < 30, String(count.input_tokens));
    const response = await post('/v1/messages/count_tokens', { model: 'mock/mock-echo', messages: [{ role: 'user', content: 'Hello, world' }] });
    assert.match(response.headers.get('x-qiao-token-count') ?? '', /estimate/);
    const unknown = await post('/v1/messages/count_tokens', { model: 'nope-not-a-model', messages: [{ role: 'user', content: 'x' }] });
    assert.equal(unknown.status, 404);
  });

  test('a client that goes away mid-stream closes the Anthropic upstream connection', async () => {
    const closed = anthropicUpstream.waitForClientClose();
    const stream = await claude.messages.create({ model: 'claude/claude-opus-4-6', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'slow' }] });
    // The upstream sent message_start and the first text, then hangs; Qiao has opened the stream.
    for await (const event of stream) {
      if (event.type === 'message_start') break;
    }
    await closed;
  });
});
