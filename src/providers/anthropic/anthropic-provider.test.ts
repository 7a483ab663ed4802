import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { answerMessages, startFakeAnthropic } from '../../../test/support/anthropic-fake-upstream.js';
import type { FakeUpstream } from '../../../test/support/fake-upstream.js';
import {
  AuthenticationError, ClientClosedError, InvalidRequestError, RateLimitError, UnsupportedParameterError, UpstreamError,
} from '../../errors/index.js';
import type { ChatRequest, Provider, StreamPart } from '../../spec/index.js';
import { anthropicProviderType } from './anthropic-type.js';

async function collect(iterable: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of iterable) parts.push(part);
  return parts;
}

const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content: text }], maxTokens: 100, ...extra });
const weatherTool = { name: 'get_weather', description: 'Get weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } };

describe('anthropic provider against a fake Messages API', () => {
  let upstream: FakeUpstream;
  let provider: Provider;
  const sentBody = () => upstream.requests.at(-1)!.body as Record<string, unknown>;

  before(async () => {
    upstream = await startFakeAnthropic();
    provider = anthropicProviderType.create({ name: 'claude', type: 'anthropic', baseUrl: `${upstream.baseUrl}/v1/`, defaultMaxTokens: 2048 }, { ANTHROPIC_API_KEY: 'sk-ant-secret' });
  });
  after(async () => upstream?.close());

  test('sends x-api-key and anthropic-version to /v1/messages, and reads the answer', async () => {
    const result = await provider.chatModel('claude-opus-4-6').generate(ask('hi'), {});
    const sent = upstream.requests.at(-1)!;
    assert.equal(sent.path, '/v1/messages');
    assert.equal(sent.headers['x-api-key'], 'sk-ant-secret');
    assert.equal(sent.headers['anthropic-version'], '2023-06-01');
    assert.equal(sent.headers.authorization, undefined);
    assert.deepEqual(sentBody(), { model: 'claude-opus-4-6', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], max_tokens: 100 });
    assert.deepEqual(result.choices, [{ index: 0, content: "Hello! I'm doing well, thanks for asking.", finishReason: 'stop' }]);
    assert.deepEqual(result.usage, { inputTokens: 12, outputTokens: 29, cachedInputTokens: 0 });
    assert.equal(result.upstreamId, 'msg_01VdEjxAP5ahtHKrrRdNBteQ');
    assert.deepEqual(result.warnings, []);
  });

  test('lifts system messages, turns tool results into a user turn, merges same-role turns, converts images', async () => {
    await provider.chatModel('c').generate({
      maxTokens: 10,
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'Look:' }, { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' }, { type: 'image', url: 'https://example.com/cat.jpg' }] },
        { role: 'assistant', content: 'Checking.', toolCalls: [{ id: 'toolu_1', name: 'get_weather', arguments: '{"location":"Paris"}' }, { id: 'toolu_2', name: 'now', arguments: '' }] },
        { role: 'tool', toolCallId: 'toolu_1', content: '15 degrees' },
        { role: 'tool', toolCallId: 'toolu_2', content: 'noon' },
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'So?' },
      ],
    }, {});
    const body = sentBody();
    assert.deepEqual(body.system, [{ type: 'text', text: 'You are terse.' }, { type: 'text', text: 'Answer in French.' }]);
    assert.deepEqual(body.messages, [
      { role: 'user', content: [
        { type: 'text', text: 'Look:' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      ] },
      { role: 'assistant', content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Paris' } },
        { type: 'tool_use', id: 'toolu_2', name: 'now', input: {} },
      ] },
      { role: 'user', content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: '15 degrees' },
        { type: 'tool_result', tool_use_id: 'toolu_2', content: 'noon' },
        { type: 'text', text: 'So?' },
      ] },
    ]);
  });

  test('max_tokens: the configured default is sent when the request has none, with a warning; never otherwise', async () => {
    const defaulted = await provider.chatModel('c').generate({ messages: [{ role: 'user', content: 'hi' }] }, {});
    assert.equal(sentBody().max_tokens, 2048);
    assert.deepEqual(defaulted.warnings.map((warning) => [warning.code, warning.param]), [['parameter-adjusted', 'max_tokens']]);
    assert.match(defaulted.warnings[0]!.message, /providers\.claude\.defaultMaxTokens/);

    const unconfigured = anthropicProviderType.create({ name: 'bare', type: 'anthropic', baseUrl: upstream.baseUrl, apiKey: 'k' }, {});
    const stream = await collect(await unconfigured.chatModel('c').stream({ messages: [{ role: 'user', content: 'hi' }] }, {}));
    assert.equal(sentBody().max_tokens, 4096);
    const start = stream[0]!;
    assert.ok(start.type === 'stream-start');
    assert.match(start.warnings[0]!.message, /Qiao's default; set providers\.bare\.defaultMaxTokens/);
  });

  test('what Anthropic cannot honour is a warning; n > 1 is a 400 naming n and nothing is sent', async () => {
    const result = await provider.chatModel('c').generate(ask('hi', {
      seed: 1, presencePenalty: 0.5, frequencyPenalty: 0.5, temperature: 1.5, stop: ['END'], user: 'u-1',
      responseFormat: { type: 'json_object' }, providerOptions: { top_k: 5 },
    }), {});
    assert.deepEqual(result.warnings.map((warning) => warning.param).sort(), ['frequency_penalty', 'presence_penalty', 'response_format', 'seed', 'temperature']);
    const body = sentBody();
    assert.deepEqual([body.temperature, body.stop_sequences, body.metadata, body.top_k, body.seed], [1, ['END'], { user_id: 'u-1' }, 5, undefined]);

    const count = upstream.requests.length;
    await assert.rejects(provider.chatModel('c').generate(ask('hi', { n: 2 }), {}), (error: unknown) => error instanceof UnsupportedParameterError && error.param === 'n' && error.status === 400);
    assert.equal(upstream.requests.length, count);
  });

  test('tools: definitions and choice go out in Anthropic\'s shape; tool_use comes back as tool calls', async () => {
    const result = await provider.chatModel('c').generate(ask('weather?', { tools: [weatherTool], toolChoice: 'required', parallelToolCalls: false }), {});
    const body = sentBody();
    assert.deepEqual(body.tools, [{ name: 'get_weather', description: 'Get weather', input_schema: weatherTool.parameters }]);
    assert.deepEqual(body.tool_choice, { type: 'any', disable_parallel_tool_use: true });
    assert.deepEqual(result.choices[0], {
      index: 0, content: 'Okay, I will update the current issue list:',
      toolCalls: [{ id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', name: 'updateIssueList', arguments: '{}' }], finishReason: 'tool_calls',
    });

    const parts = await collect(await provider.chatModel('c').stream(ask('weather?', { tools: [weatherTool], toolChoice: { name: 'get_weather' } }), {}));
    assert.deepEqual(sentBody().tool_choice, { type: 'tool', name: 'get_weather' });
    assert.equal(sentBody().stream, true);
    assert.deepEqual(parts.filter((part) => part.type === 'tool-call'), [
      { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location": "Paris"}' },
    ]);
    assert.deepEqual(parts.at(-2), { type: 'finish', index: 0, finishReason: 'tool_calls' });
  });

  test('thinking: provider options reach the upstream; thinking deltas become reasoning', async () => {
    const parts = await collect(await provider.chatModel('c').stream(ask('think', { providerOptions: { thinking: { type: 'enabled', budget_tokens: 1024 } } }), {}));
    assert.deepEqual(sentBody().thinking, { type: 'enabled', budget_tokens: 1024 });
    assert.equal(parts.filter((part) => part.type === 'reasoning-delta').map((part) => part.type === 'reasoning-delta' && part.text).join(''), 'The user asks 2+2. That is 4.');
  });

  test('errors: 529 overloaded is a retryable 503; 429 keeps retry-after; 400 and 401 pass on Anthropic\'s message', async () => {
    await assert.rejects(provider.chatModel('c').generate(ask('overloaded'), {}), (error: unknown) => (
      error instanceof UpstreamError && error.status === 503 && error.retryable && error.upstreamStatus === 529 && /Overloaded \(overloaded_error\)/.test(error.message)
    ));
    await assert.rejects(provider.chatModel('c').stream(ask('rate limit me'), {}), (error: unknown) => error instanceof RateLimitError && error.retryAfterSeconds === 7);
    const noKey = anthropicProviderType.create({ name: 'nokey', type: 'anthropic', baseUrl: upstream.baseUrl }, {});
    assert.equal(noKey.configured, false);
    await assert.rejects(noKey.chatModel('c').generate(ask('hi'), {}), (error: unknown) => error instanceof AuthenticationError && !/sk-ant/.test(error.message));
    upstream.route('POST /v1/messages', () => ({ status: 400, json: { type: 'error', error: { type: 'invalid_request_error', message: 'messages: roles must alternate' } } }));
    try {
      await assert.rejects(provider.chatModel('c').generate(ask('hi'), {}), (error: unknown) => error instanceof InvalidRequestError && /roles must alternate/.test(error.message));
    } finally {
      upstream.route('POST /v1/messages', answerMessages);
    }
  });

  test('an in-stream error event ends the stream with an error part, after the text so far', async () => {
    const parts = await collect(await provider.chatModel('c').stream(ask('fail mid-stream'), {}));
    assert.deepEqual(parts.map((part) => part.type), ['stream-start', 'text-delta', 'error']);
  });

  test('aborting the call closes the upstream connection at once', async () => {
    const controller = new AbortController();
    const parts = await provider.chatModel('c').stream(ask('slow'), { abortSignal: controller.signal });
    const seen: StreamPart[] = [];
    const closed = upstream.waitForClientClose();
    for await (const part of parts) {
      seen.push(part);
      if (part.type === 'text-delta' || seen.length === 1) controller.abort();
    }
    await closed;
    const last = seen.at(-1)!;
    assert.ok(last.type === 'error' && last.error instanceof ClientClosedError);
  });

  test('models are discovered from GET /v1/models', async () => {
    assert.ok(provider.discoverModels);
    const models = await provider.discoverModels({});
    assert.deepEqual(models.map((model) => model.id), ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']);
    assert.equal(upstream.requests.at(-1)!.headers['x-api-key'], 'sk-ant-secret');
  });

  test('configured from the environment: ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL', () => {
    assert.deepEqual(anthropicProviderType.fromEnvironment?.({ ANTHROPIC_API_KEY: 'k' }), [{ name: 'anthropic', type: 'anthropic' }]);
    assert.deepEqual(anthropicProviderType.fromEnvironment?.({}), []);
    const fromEnv = anthropicProviderType.create({ name: 'anthropic', type: 'anthropic' }, { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'https://proxy.example.com/' });
    assert.equal(fromEnv.configured, true);
    assert.ok(fromEnv.configuredModels.length > 0);
  });
});
