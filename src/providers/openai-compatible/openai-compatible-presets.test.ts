import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFixture, sseFromFixture, startFakeUpstream, type FakeUpstream, type RecordedRequest } from '../../../test/support/fake-upstream.js';
import {
  AuthenticationError, ClientClosedError, GatewayError, InvalidRequestError, ModelNotFoundError, RateLimitError,
  UpstreamConnectionError, UpstreamError, UpstreamProtocolError, UpstreamTimeoutError,
} from '../../errors/index.js';
import type { ChatRequest, Provider, StreamPart } from '../../spec/index.js';
import { registerBuiltinProviders } from '../builtin.js';
import { findProviderType } from '../provider-registry.js';
import type { Environment, ProviderInstanceOptions } from '../provider-type.js';
import { openAICompatibleType } from './openai-compatible-type.js';
import { findPreset, openAICompatiblePresets } from './presets.js';

const fixturesDir = new URL('./__fixtures__/', import.meta.url);
const fixture = (name: string): string => readFixture(fixturesDir, name);
const fixtureJson = (name: string): unknown => JSON.parse(fixture(name));

function create(presetId: string, options: Partial<ProviderInstanceOptions> = {}, env: Environment = {}): Provider {
  const preset = findPreset(presetId);
  assert.ok(preset, `preset ${presetId}`);
  return openAICompatibleType(preset).create({ name: presetId, type: presetId, ...options }, env);
}

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = [];
  for await (const part of parts) collected.push(part);
  return collected;
}

function textOf(parts: StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

const hello: ChatRequest = { messages: [{ role: 'system', content: '简短回答' }, { role: 'user', content: '你好' }], maxTokens: 64, temperature: 0.3 };

/** What a call to each preset must look like on the wire (base path as the vendor documents it). */
const presetCases: Array<{
  id: string; basePath: string; model: string; path: string; apiKey?: string;
  auth: 'bearer' | 'api-key' | 'none'; maxTokensField: string; streamUsage: boolean;
}> = [
  { id: 'openai', basePath: '/v1', model: 'gpt-4o-mini', path: '/v1/chat/completions', auth: 'bearer', maxTokensField: 'max_completion_tokens', streamUsage: true },
  { id: 'azure', basePath: '', model: 'my-gpt4o', path: '/openai/deployments/my-gpt4o/chat/completions', auth: 'api-key', maxTokensField: 'max_completion_tokens', streamUsage: true },
  { id: 'dashscope', basePath: '/compatible-mode/v1', model: 'qwen-flash', path: '/compatible-mode/v1/chat/completions', auth: 'bearer', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'deepseek', basePath: '/v1', model: 'deepseek-chat', path: '/v1/chat/completions', auth: 'bearer', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'moonshot', basePath: '/v1', model: 'moonshot-v1-8k', path: '/v1/chat/completions', auth: 'bearer', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'zhipu', basePath: '/api/paas/v4', model: 'glm-4.5', path: '/api/paas/v4/chat/completions', auth: 'bearer', maxTokensField: 'max_tokens', streamUsage: false },
  { id: 'ark', basePath: '/api/v3', model: 'doubao-seed-1-6-251015', path: '/api/v3/chat/completions', auth: 'bearer', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'qianfan', basePath: '/v2', model: 'ernie-3.5-8k', path: '/v2/chat/completions', auth: 'bearer', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'hunyuan', basePath: '/v1', model: 'hunyuan-turbos-latest', path: '/v1/chat/completions', auth: 'bearer', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'siliconflow', basePath: '/v1', model: 'Qwen/Qwen3-8B', path: '/v1/chat/completions', auth: 'bearer', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'vllm', basePath: '/v1', model: 'Qwen/Qwen3-8B', path: '/v1/chat/completions', auth: 'none', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'ollama-openai', basePath: '/v1', model: 'qwen3:8b', path: '/v1/chat/completions', auth: 'none', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'huggingface', basePath: '/v1', model: 'meta-llama/Llama-3.1-8B-Instruct:fastest', path: '/v1/chat/completions', auth: 'bearer', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'tgi', basePath: '', model: 'tgi', path: '/v1/chat/completions', auth: 'none', maxTokensField: 'max_tokens', streamUsage: true },
  { id: 'openai-compatible', basePath: '/v1', model: 'local-model', path: '/v1/chat/completions', auth: 'bearer', maxTokensField: 'max_tokens', streamUsage: true },
];

describe('OpenAI-compatible presets against a fake upstream', () => {
  let upstream: FakeUpstream;
  const streamBody = sseFromFixture(fixture('openai-text.chunks.txt'));

  before(async () => {
    upstream = await startFakeUpstream({
      // Every chat path answers the recorded OpenAI text stream, or the non-stream body.
      'POST /*': (request) => {
        if (request.path.endsWith('/embeddings')) return { json: fixtureJson('openai-embeddings.json') };
        const body = request.body as { stream?: boolean } | undefined;
        return body?.stream ? { sse: streamBody } : { json: fixtureJson('openai-text.json') };
      },
      'GET /*': () => ({ json: fixtureJson('openai-models.json') }),
    });
  });
  after(() => upstream.close());

  function only(path: string): RecordedRequest {
    const request = upstream.requests.at(-1);
    assert.ok(request, 'a request reached the fake upstream');
    assert.equal(request.path, path);
    return request;
  }

  it('a 200 JSON error body on a stream request is reported before streaming, with the upstream message', async () => {
    upstream.route('POST /json-instead/v1/chat/completions', () => ({ json: { error: { message: '当前分组上游负载已饱和', code: 'overloaded' } } }));
    const provider = create('openai-compatible', { baseUrl: `${upstream.baseUrl}/json-instead/v1` });
    await assert.rejects(provider.chatModel('m').stream(hello, {}), (error: unknown) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /负载已饱和/);
      assert.equal((error as { upstreamCode?: string }).upstreamCode, 'overloaded');
      return true;
    });
  });

  it('covers every preset', () => {
    assert.deepEqual(presetCases.map((entry) => entry.id).sort(), openAICompatiblePresets.map((preset) => preset.id).sort());
  });

  for (const entry of presetCases) {
    it(`${entry.id}: streams from ${entry.path} with ${entry.auth} auth, ${entry.maxTokensField}, stream usage ${entry.streamUsage ? 'on' : 'off'}`, async () => {
      const apiKey = entry.auth === 'none' ? undefined : `sk-${entry.id}`;
      const provider = create(entry.id, { baseUrl: `${upstream.baseUrl}${entry.basePath}`, apiKey });
      assert.equal(provider.configured, true);
      const parts = await collect(await provider.chatModel(entry.model).stream(hello, {}));
      assert.equal(parts[0]?.type, 'stream-start');
      assert.equal(textOf(parts), 'Hello! How can I assist you today?');
      assert.deepEqual(parts.slice(-2), [
        { type: 'finish', index: 0, finishReason: 'stop' },
        { type: 'usage', usage: { inputTokens: 19, outputTokens: 10, reasoningTokens: 0, cachedInputTokens: 0 } },
      ]);

      const request = only(entry.path);
      assert.equal(request.method, 'POST');
      assert.match(String(request.headers['content-type']), /^application\/json/);
      if (entry.id === 'azure') assert.equal(request.query.get('api-version'), '2024-10-21');
      else assert.equal([...request.query.keys()].length, 0);
      switch (entry.auth) {
        case 'bearer':
          assert.equal(request.headers.authorization, `Bearer ${apiKey}`);
          assert.equal(request.headers['api-key'], undefined);
          break;
        case 'api-key':
          assert.equal(request.headers['api-key'], apiKey);
          assert.equal(request.headers.authorization, undefined);
          break;
        case 'none':
          assert.equal(request.headers.authorization, undefined);
          assert.equal(request.headers['api-key'], undefined);
      }
      const body = request.body as Record<string, unknown>;
      assert.equal(body.model, entry.model);
      assert.deepEqual(body.messages, [{ role: 'system', content: '简短回答' }, { role: 'user', content: '你好' }]);
      assert.equal(body.temperature, 0.3);
      assert.equal(body.stream, true);
      assert.equal(body[entry.maxTokensField], 64);
      const otherField = entry.maxTokensField === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
      assert.equal(otherField in body, false);
      if (entry.streamUsage) assert.deepEqual(body.stream_options, { include_usage: true });
      else assert.equal('stream_options' in body, false);
    });
  }

  it('never invents max_tokens the client did not send', async () => {
    const provider = create('dashscope', { baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k' });
    await provider.chatModel('qwen-flash').generate({ messages: [{ role: 'user', content: 'hi' }] }, {});
    const body = only('/v1/chat/completions').body as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['messages', 'model']);
  });

  it('azure: strips a trailing /openai from the endpoint and honours apiVersion', async () => {
    const provider = create('azure', { baseUrl: `${upstream.baseUrl}/openai/`, apiKey: 'az', apiVersion: '2025-01-01-preview' });
    await provider.chatModel('gpt 4o').generate(hello, {});
    const request = only('/openai/deployments/gpt%204o/chat/completions');
    assert.equal(request.query.get('api-version'), '2025-01-01-preview');
    assert.equal(request.headers['api-key'], 'az');
    assert.equal(provider.discoverModels, undefined);
  });

  it('zhipu drops frequency_penalty and presence_penalty with warnings', async () => {
    const provider = create('zhipu', { baseUrl: `${upstream.baseUrl}/api/paas/v4`, apiKey: 'id.secret' });
    const request: ChatRequest = { ...hello, frequencyPenalty: 0.5, presencePenalty: 0.2 };
    const parts = await collect(await provider.chatModel('glm-4.5').stream(request, {}));
    const start = parts[0];
    assert.ok(start?.type === 'stream-start');
    assert.deepEqual(start.warnings.map((warning) => [warning.code, warning.param]), [
      ['unsupported-parameter', 'frequency_penalty'], ['unsupported-parameter', 'presence_penalty'],
    ]);
    let body = only('/api/paas/v4/chat/completions').body as Record<string, unknown>;
    assert.equal('frequency_penalty' in body, false);
    assert.equal('presence_penalty' in body, false);
    assert.equal('stream_options' in body, false);

    const result = await provider.chatModel('glm-4.5').generate({ ...request, providerOptions: { stream_options: { include_usage: true } } }, {});
    assert.deepEqual(result.warnings.map((warning) => warning.param), ['frequency_penalty', 'presence_penalty']);
    body = only('/api/paas/v4/chat/completions').body as Record<string, unknown>;
    assert.equal('frequency_penalty' in body, false);
    assert.equal('stream_options' in body, false);
  });

  it('other presets send frequency_penalty and presence_penalty without warnings', async () => {
    const provider = create('moonshot', { baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k' });
    const result = await provider.chatModel('moonshot-v1-8k').generate({ ...hello, frequencyPenalty: 0.5, presencePenalty: 0.2 }, {});
    assert.deepEqual(result.warnings, []);
    const body = only('/v1/chat/completions').body as Record<string, unknown>;
    assert.equal(body.frequency_penalty, 0.5);
    assert.equal(body.presence_penalty, 0.2);
  });

  const toolTurn: ChatRequest = {
    messages: [
      { role: 'user', content: '北京天气？' },
      { role: 'assistant', content: null, reasoning: '需要调用天气工具。', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"北京"}' }] },
      { role: 'tool', toolCallId: 'call_1', content: '晴' },
    ],
    tools: [{ name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    toolChoice: { name: 'weather' },
  };

  it('deepseek echoes the assistant reasoning as reasoning_content; others do not', async () => {
    const deepseek = create('deepseek', { baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k' });
    await deepseek.chatModel('deepseek-reasoner').generate(toolTurn, {});
    let body = only('/v1/chat/completions').body as { messages: Array<Record<string, unknown>>; tools: unknown; tool_choice: unknown };
    assert.deepEqual(body.messages[1], {
      role: 'assistant', content: null, reasoning_content: '需要调用天气工具。',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"北京"}' } }],
    });
    assert.deepEqual(body.messages[2], { role: 'tool', content: '晴', tool_call_id: 'call_1' });
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]);
    assert.deepEqual(body.tool_choice, { type: 'function', function: { name: 'weather' } });

    const dashscope = create('dashscope', { baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k' });
    await dashscope.chatModel('qwen-plus').generate(toolTurn, {});
    body = only('/v1/chat/completions').body as typeof body;
    assert.equal('reasoning_content' in body.messages[1]!, false);
  });

  it('qianfan sends the appid header from QIANFAN_APPID (config headers win)', async () => {
    const env = { QIANFAN_API_KEY: 'bce-v3/ALTAK-x/y', QIANFAN_APPID: 'app-123', QIANFAN_BASE_URL: `${upstream.baseUrl}/v2` };
    await create('qianfan', {}, env).chatModel('ernie-3.5-8k').generate(hello, {});
    let request = only('/v2/chat/completions');
    assert.equal(request.headers.appid, 'app-123');
    assert.equal(request.headers.authorization, 'Bearer bce-v3/ALTAK-x/y');
    await create('qianfan', { headers: { appid: 'app-from-config' } }, env).chatModel('ernie-3.5-8k').generate(hello, {});
    request = only('/v2/chat/completions');
    assert.equal(request.headers.appid, 'app-from-config');
    await create('qianfan', { baseUrl: `${upstream.baseUrl}/v2`, apiKey: 'k' }, {}).chatModel('ernie-3.5-8k').generate(hello, {});
    assert.equal(only('/v2/chat/completions').headers.appid, undefined);
  });

  it('passes unknown providerOptions into the body, never over typed fields', async () => {
    const provider = create('dashscope', { baseUrl: `${upstream.baseUrl}/compatible-mode/v1`, apiKey: 'k' });
    const request: ChatRequest = { ...hello, providerOptions: { enable_thinking: true, thinking_budget: 512, enable_search: false, temperature: 1.9, model: 'other' } };
    await collect(await provider.chatModel('qwen-plus').stream(request, {}));
    const body = only('/compatible-mode/v1/chat/completions').body as Record<string, unknown>;
    assert.equal(body.enable_thinking, true);
    assert.equal(body.thinking_budget, 512);
    assert.equal(body.enable_search, false);
    assert.equal(body.temperature, 0.3);
    assert.equal(body.model, 'qwen-plus');
  });

  it('maps the remaining request fields to their wire names', async () => {
    const provider = create('openai', { baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k' });
    await provider.chatModel('gpt-4o-mini').generate({
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'image', url: 'data:image/png;base64,AAAA', detail: 'low' }] }],
      topP: 0.9, stop: ['\n\n'], n: 2, seed: 42, user: 'u-1', parallelToolCalls: false,
      responseFormat: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true },
    }, {});
    const body = only('/v1/chat/completions').body as Record<string, unknown>;
    assert.deepEqual(body, {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Describe' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }] }],
      top_p: 0.9, stop: ['\n\n'], n: 2, seed: 42, user: 'u-1', parallel_tool_calls: false,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
    });
  });

  it('sends per-call extra headers', async () => {
    const provider = create('openai', { baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k', headers: { 'openai-organization': 'org-1' } });
    await provider.chatModel('gpt-4o-mini').generate(hello, { headers: { 'x-trace': 't-1' } });
    const request = only('/v1/chat/completions');
    assert.equal(request.headers['openai-organization'], 'org-1');
    assert.equal(request.headers['x-trace'], 't-1');
  });

  describe('non-stream generate', () => {
    it('reads the OpenAI text body', async () => {
      const provider = create('openai', { baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k' });
      const result = await provider.chatModel('gpt-4o-mini').generate(hello, {});
      assert.deepEqual(result, {
        choices: [{ index: 0, content: 'Hello! How can I assist you today?', finishReason: 'stop' }],
        usage: { inputTokens: 19, outputTokens: 10, reasoningTokens: 0, cachedInputTokens: 0 },
        warnings: [],
        upstreamId: 'chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT',
      });
      const body = only('/v1/chat/completions').body as Record<string, unknown>;
      assert.equal('stream' in body, false);
      assert.equal('stream_options' in body, false);
    });

    it('reads the DeepSeek body that starts with blank keep-alive lines', async () => {
      upstream.route('POST /deepseek/chat/completions', () => ({ headers: { 'content-type': 'application/json' }, raw: fixture('deepseek-text.json') }));
      const provider = create('deepseek', { baseUrl: `${upstream.baseUrl}/deepseek`, apiKey: 'k' });
      const result = await provider.chatModel('deepseek-chat').generate(hello, {});
      assert.deepEqual(result, {
        choices: [{ index: 0, content: 'Hello! How can I help you today?', finishReason: 'stop' }],
        usage: { inputTokens: 10, outputTokens: 9, cachedInputTokens: 0 },
        warnings: [],
        upstreamId: '930c60df-bf64-41c9-a88e-3ec75f81e00e',
      });
    });

    it('reads DashScope reasoning', async () => {
      upstream.route('POST /dashscope-reasoning/chat/completions', () => ({ json: fixtureJson('dashscope-reasoning.json') }));
      const provider = create('dashscope', { baseUrl: `${upstream.baseUrl}/dashscope-reasoning`, apiKey: 'k' });
      const result = await provider.chatModel('qwen3-max').generate(hello, {});
      assert.deepEqual(result.choices, [{
        index: 0,
        content: 'The word "strawberry" contains 3 letter r\'s.',
        reasoning: 'We are asked: how many r\'s are in "strawberry"? Spell it: s-t-r-a-w-b-e-r-r-y. The r\'s are at positions 3, 8 and 9, so there are 3.',
        finishReason: 'stop',
      }]);
      assert.deepEqual(result.usage, { inputTokens: 24, outputTokens: 1668, reasoningTokens: 1353, cachedInputTokens: 0 });
      assert.equal(result.upstreamId, 'chatcmpl-296c9a8c-54e7-9b1a-8f2d-0c6d3e8a4b71');
    });

    it('reads tool calls (arguments stay a JSON string)', async () => {
      upstream.route('POST /tools/chat/completions', () => ({ json: fixtureJson('openai-tool-call.json') }));
      const result = await create('openai', { baseUrl: `${upstream.baseUrl}/tools`, apiKey: 'k' }).chatModel('gpt-4o-mini').generate(toolTurn, {});
      assert.deepEqual(result.choices, [{
        index: 0, content: null, finishReason: 'tool_calls',
        toolCalls: [{ id: 'call_abc123', name: 'get_current_weather', arguments: '{\n"location": "Boston, MA"\n}' }],
      }]);
      assert.deepEqual(result.usage, { inputTokens: 82, outputTokens: 17 });
    });

    it('a body it cannot read is an UpstreamProtocolError', async () => {
      upstream.route('POST /broken/chat/completions', () => ({ headers: { 'content-type': 'application/json' }, raw: '{"choices": [' }));
      upstream.route('POST /shapeless/chat/completions', () => ({ json: { choices: 'none' } }));
      for (const path of ['/broken', '/shapeless']) {
        await assert.rejects(
          create('openai', { baseUrl: `${upstream.baseUrl}${path}`, apiKey: 'k' }).chatModel('m').generate(hello, {}),
          (error: unknown) => error instanceof UpstreamProtocolError && error.provider === 'openai',
        );
      }
    });
  });

  describe('embeddings', () => {
    it('requests float vectors and returns them in input order', async () => {
      const provider = create('openai', { baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k' });
      const model = provider.embeddingModel?.('text-embedding-3-small');
      assert.ok(model);
      const result = await model.embed({ input: ['a', '你好', 'c'], dimensions: 4, user: 'u-1' }, {});
      const expected = (fixtureJson('openai-embeddings.json') as { data: Array<{ embedding: number[] }> }).data.map((item) => item.embedding);
      assert.deepEqual(result, { embeddings: expected, inputTokens: 12, warnings: [] });
      const request = only('/v1/embeddings');
      assert.equal(request.headers.authorization, 'Bearer k');
      assert.deepEqual(request.body, { model: 'text-embedding-3-small', input: ['a', '你好', 'c'], encoding_format: 'float', dimensions: 4, user: 'u-1' });
    });

    it('reorders by index', async () => {
      upstream.route('POST /shuffled/embeddings', () => ({ json: { data: [{ index: 1, embedding: [2] }, { index: 0, embedding: [1] }], usage: { prompt_tokens: 2 } } }));
      const result = await create('openai', { baseUrl: `${upstream.baseUrl}/shuffled`, apiKey: 'k' }).embeddingModel!('e').embed({ input: ['x', 'y'] }, {});
      assert.deepEqual(result.embeddings, [[1], [2]]);
    });

    it('a count mismatch is an UpstreamProtocolError', async () => {
      await assert.rejects(
        create('openai', { baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k' }).embeddingModel!('e').embed({ input: ['only one'] }, {}),
        (error: unknown) => error instanceof UpstreamProtocolError,
      );
    });

    it('azure addresses the deployment by URL', async () => {
      await create('azure', { baseUrl: upstream.baseUrl, apiKey: 'az' }).embeddingModel!('embed-deploy').embed({ input: ['a', 'b', 'c'] }, {});
      const request = only('/openai/deployments/embed-deploy/embeddings');
      assert.equal(request.query.get('api-version'), '2024-10-21');
      assert.equal(request.headers['api-key'], 'az');
    });
  });

  describe('discoverModels', () => {
    it('lists /v1/models', async () => {
      const provider = create('openai', { baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k' });
      assert.ok(provider.discoverModels);
      assert.deepEqual(await provider.discoverModels({}), [
        { id: 'gpt-4o-mini', ownedBy: 'openai' },
        { id: 'gpt-4o', ownedBy: 'system' },
        { id: 'text-embedding-3-small', ownedBy: 'system' },
        { id: 'ft:gpt-4o-mini:acme::abc', ownedBy: 'organization-owner' },
      ]);
      const request = only('/v1/models');
      assert.equal(request.method, 'GET');
      assert.equal(request.headers.authorization, 'Bearer k');
    });

    it('is absent for presets that cannot list (azure, ark)', () => {
      assert.equal(create('azure', { baseUrl: upstream.baseUrl, apiKey: 'k' }).discoverModels, undefined);
      assert.equal(create('ark', { apiKey: 'k' }).discoverModels, undefined);
    });

    it('an unreadable list is an UpstreamProtocolError; an error status a GatewayError', async () => {
      upstream.route('GET /badlist/models', () => ({ json: { object: 'list' } }));
      upstream.route('GET /deniedlist/models', () => ({ status: 401, json: fixtureJson('openai-invalid-key.json') }));
      await assert.rejects(create('openai', { baseUrl: `${upstream.baseUrl}/badlist`, apiKey: 'k' }).discoverModels!({}), UpstreamProtocolError);
      await assert.rejects(create('openai', { baseUrl: `${upstream.baseUrl}/deniedlist`, apiKey: 'k' }).discoverModels!({}), AuthenticationError);
    });
  });

  describe('upstream error statuses', () => {
    before(() => {
      upstream.route('POST /e401/chat/completions', () => ({ status: 401, json: fixtureJson('openai-invalid-key.json') }));
      upstream.route('POST /e429/chat/completions', () => ({ status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } } }));
      upstream.route('POST /e400/chat/completions', () => ({ status: 400, json: fixtureJson('zhipu-error.json') }));
      upstream.route('POST /e404/chat/completions', () => ({ status: 404, json: fixtureJson('ark-error.json') }));
      upstream.route('POST /e500/chat/completions', () => ({ status: 500, json: { error: { message: 'boom', type: 'server_error', code: null } } }));
      upstream.route('POST /e503/chat/completions', () => ({ status: 503, headers: { 'content-type': 'text/plain' }, raw: 'upstream overloaded' }));
    });

    const cases: Array<[string, new (...args: never[]) => GatewayError, number, boolean, RegExp]> = [
      ['/e401', AuthenticationError, 401, false, /Incorrect API key provided/],
      ['/e429', RateLimitError, 429, true, /Rate limit reached/],
      ['/e400', InvalidRequestError, 400, false, /模型不存在/],
      ['/e404', ModelNotFoundError, 404, false, /does not exist/],
      ['/e500', UpstreamError, 502, true, /boom/],
      ['/e503', UpstreamError, 503, true, /upstream overloaded/],
    ];
    for (const [path, type, status, retryable, message] of cases) {
      it(`${path.slice(2)} → ${type.name} ${status} from stream() and generate()`, async () => {
        const model = create('openai', { baseUrl: `${upstream.baseUrl}${path}`, apiKey: 'k' }).chatModel('gpt-4o-mini');
        for (const call of [() => model.stream(hello, {}), () => model.generate(hello, {})]) {
          await assert.rejects(call(), (error: unknown) => {
            assert.ok(error instanceof type, String(error));
            assert.equal(error.status, status);
            assert.equal(error.retryable, retryable);
            assert.match(error.message, message);
            assert.equal(error.provider, 'openai');
            if (path === '/e429') assert.equal(error.retryAfterSeconds, 7);
            return true;
          });
        }
      });
    }
  });

  describe('broken connections', () => {
    it('aborting mid-stream closes the upstream connection and ends with ClientClosedError', async () => {
      const payloads = sseFromFixture(fixture('openai-text.chunks.txt')).slice(0, 4);
      upstream.route('POST /hang/chat/completions', () => ({ sse: payloads, end: 'hang' }));
      const controller = new AbortController();
      const parts = await create('openai', { baseUrl: `${upstream.baseUrl}/hang`, apiKey: 'k' }).chatModel('m').stream(hello, { abortSignal: controller.signal });
      const iterator = parts[Symbol.asyncIterator]();
      const seen: StreamPart[] = [];
      while (!seen.some((part) => part.type === 'text-delta' && part.text === ' How')) {
        const next = await iterator.next();
        assert.equal(next.done, false, 'stream ended early');
        seen.push(next.value);
      }
      const closed = upstream.waitForClientClose();
      controller.abort();
      await closed;
      const rest: StreamPart[] = [];
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
      assert.equal(rest.length, 1);
      assert.ok(rest[0]?.type === 'error' && rest[0].error instanceof ClientClosedError);
    });

    it('a socket destroyed mid-stream ends with an error part, never a finish', async () => {
      const payloads = sseFromFixture(fixture('openai-text.chunks.txt')).slice(0, 3);
      upstream.route('POST /cut/chat/completions', () => ({ sse: payloads, end: 'destroy' }));
      const parts = await collect(await create('openai', { baseUrl: `${upstream.baseUrl}/cut`, apiKey: 'k' }).chatModel('m').stream(hello, {}));
      assert.equal(textOf(parts), 'Hello!');
      const last = parts.at(-1);
      assert.ok(last?.type === 'error' && last.error instanceof UpstreamError, JSON.stringify(last));
      assert.equal(last.error.retryable, true);
      assert.ok(!parts.some((part) => part.type === 'finish'));
    });

    it('a body closed cleanly without finish or [DONE] ends with an error part', async () => {
      const payloads = sseFromFixture(fixture('dashscope-tool-call.chunks.txt')).slice(0, 3);
      upstream.route('POST /short/chat/completions', () => ({ sse: payloads }));
      const parts = await collect(await create('dashscope', { baseUrl: `${upstream.baseUrl}/short`, apiKey: 'k' }).chatModel('m').stream(hello, {}));
      assert.ok(!parts.some((part) => part.type === 'finish' || part.type === 'tool-call'));
      assert.equal(parts.at(-1)?.type, 'error');
    });

    it('an upstream that goes silent hits the idle timeout as an error part', async () => {
      const payloads = sseFromFixture(fixture('openai-text.chunks.txt')).slice(0, 2);
      upstream.route('POST /silent/chat/completions', () => ({ sse: payloads, end: 'hang' }));
      const provider = create('openai', { baseUrl: `${upstream.baseUrl}/silent`, apiKey: 'k', timeouts: { idleMs: 200 } });
      const parts = await collect(await provider.chatModel('m').stream(hello, {}));
      assert.equal(textOf(parts), 'Hello');
      const last = parts.at(-1);
      assert.ok(last?.type === 'error' && last.error instanceof UpstreamTimeoutError, JSON.stringify(last));
    });

    it('a refused connection is a retryable UpstreamConnectionError', async () => {
      const gone = await startFakeUpstream();
      const baseUrl = `${gone.baseUrl}/v1`;
      await gone.close();
      const provider = create('deepseek', { baseUrl, apiKey: 'k' });
      for (const call of [() => provider.chatModel('deepseek-chat').stream(hello, {}), () => provider.chatModel('deepseek-chat').generate(hello, {})]) {
        await assert.rejects(call(), (error: unknown) => {
          assert.ok(error instanceof UpstreamConnectionError, String(error));
          assert.equal(error.retryable, true);
          assert.equal(error.status, 502);
          return true;
        });
      }
    });
  });

  describe('end of stream', () => {
    it('ends at [DONE] without waiting for the body to end, and still reads the body to its end (the socket is not cut)', { timeout: 10_000 }, async () => {
      const payloads = sseFromFixture(fixture('openai-text.chunks.txt'));
      assert.equal(payloads.at(-1), '[DONE]');
      let releaseBody!: () => void;
      const bodyReleased = new Promise<void>((resolve) => { releaseBody = resolve; });
      let responseClosed!: (finished: boolean) => void;
      const closedAfterFinish = new Promise<boolean>((resolve) => { responseClosed = resolve; });
      const server = createServer((req, res) => {
        req.resume();
        res.on('close', () => responseClosed(res.writableFinished));
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(payloads.map((payload) => `data: ${payload}\n\n`).join(''));
        void bodyReleased.then(() => res.end(': after the answer\n\n'));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const parts = await collect(await create('openai', { baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'k' }).chatModel('m').stream(hello, {}));
        assert.equal(textOf(parts), 'Hello! How can I assist you today?');
        assert.ok(parts.some((part) => part.type === 'finish'), 'the answer is complete while the upstream body is still open');
        releaseBody();
        assert.equal(await closedAfterFinish, true, 'the rest of the body was read, not cut off');
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('configuration from the environment', () => {
    const fromEnvironment = (id: string, env: Environment): ProviderInstanceOptions[] => openAICompatibleType(findPreset(id)!).fromEnvironment!(env);

    it('nothing is enabled by an empty environment', () => {
      for (const preset of openAICompatiblePresets) assert.deepEqual(openAICompatibleType(preset).fromEnvironment!({}), [], preset.id);
    });

    it('DASHSCOPE_API_KEY (or ALI_API_KEY) enables dashscope; DASHSCOPE_BASE_URL moves it', async () => {
      const env = { DASHSCOPE_API_KEY: 'sk-ds', DASHSCOPE_BASE_URL: `${upstream.baseUrl}/compatible-mode/v1/` };
      const options = fromEnvironment('dashscope', env);
      assert.deepEqual(options, [{ name: 'dashscope', type: 'dashscope' }]);
      const provider = create('dashscope', options[0], env);
      assert.equal(provider.configured, true);
      assert.ok(provider.configuredModels.some((model) => model.id === 'qwen-flash'));
      await provider.chatModel('qwen-flash').generate(hello, {});
      assert.equal(only('/compatible-mode/v1/chat/completions').headers.authorization, 'Bearer sk-ds');

      const aliEnv = { ALI_API_KEY: 'sk-ali', DASHSCOPE_BASE_URL: `${upstream.baseUrl}/compatible-mode/v1` };
      assert.deepEqual(fromEnvironment('dashscope', aliEnv), [{ name: 'dashscope', type: 'dashscope' }]);
      await create('dashscope', {}, aliEnv).chatModel('qwen-flash').generate(hello, {});
      assert.equal(only('/compatible-mode/v1/chat/completions').headers.authorization, 'Bearer sk-ali');
      await create('dashscope', {}, { ...aliEnv, DASHSCOPE_API_KEY: 'sk-first' }).chatModel('qwen-flash').generate(hello, {});
      assert.equal(only('/compatible-mode/v1/chat/completions').headers.authorization, 'Bearer sk-first');
    });

    it('the config key and URL win over the environment; an unset key means not configured', async () => {
      assert.equal(create('openai', {}, {}).configured, false);
      const env = { DASHSCOPE_API_KEY: 'from-env', DASHSCOPE_BASE_URL: 'http://127.0.0.1:9/unused' };
      const provider = create('dashscope', { apiKey: 'from-config', baseUrl: `${upstream.baseUrl}/config-wins` }, env);
      assert.equal(provider.configured, true);
      await provider.chatModel('qwen-flash').generate(hello, {});
      assert.equal(only('/config-wins/chat/completions').headers.authorization, 'Bearer from-config');
    });

    it('DEEPSEEK_API_KEY + DEEPSEEK_BASE_URL', async () => {
      const env = { DEEPSEEK_API_KEY: 'sk-deep', DEEPSEEK_BASE_URL: `${upstream.baseUrl}/deepseek-env` };
      upstream.route('POST /deepseek-env/chat/completions', () => ({ headers: { 'content-type': 'application/json' }, raw: fixture('deepseek-text.json') }));
      const options = fromEnvironment('deepseek', env);
      assert.deepEqual(options, [{ name: 'deepseek', type: 'deepseek' }]);
      const result = await create('deepseek', options[0], env).chatModel('deepseek-chat').generate(hello, {});
      assert.equal(result.choices[0]?.content, 'Hello! How can I help you today?');
      assert.equal(only('/deepseek-env/chat/completions').headers.authorization, 'Bearer sk-deep');
    });

    it('ollama-openai is configured from the file only (OLLAMA_HOST enables the native "ollama" type)', async () => {
      registerBuiltinProviders();
      assert.deepEqual(fromEnvironment('ollama-openai', { OLLAMA_HOST: '127.0.0.1:11434' }), []);
      assert.equal(findProviderType('ollama')?.fromEnvironment?.({ OLLAMA_HOST: '127.0.0.1:11434' })[0]?.type, 'ollama');
      const provider = create('ollama-openai', { name: 'local', baseUrl: `${upstream.baseUrl}/v1` });
      assert.equal(provider.configured, true);
      const parts = await collect(await provider.chatModel('qwen3:8b').stream(hello, {}));
      assert.equal(textOf(parts), 'Hello! How can I assist you today?');
      assert.equal(only('/v1/chat/completions').headers.authorization, undefined);
    });

    it('HF_TOKEN enables the huggingface router; TGI_BASE_URL alone enables tgi (HF_TOKEN only adds its key)', async () => {
      assert.deepEqual(fromEnvironment('huggingface', { HF_TOKEN: 'hf_x' }), [{ name: 'huggingface', type: 'huggingface' }]);
      assert.deepEqual(fromEnvironment('tgi', { HF_TOKEN: 'hf_x' }), [], 'a shared token alone does not enable a server that needs a URL');
      const env = { TGI_BASE_URL: `${upstream.baseUrl}/v1`, HF_TOKEN: 'hf_tgi' };
      assert.deepEqual(fromEnvironment('tgi', env), [{ name: 'tgi', type: 'tgi' }]);
      await create('tgi', {}, env).chatModel('tgi').generate(hello, {});
      assert.equal(only('/v1/chat/completions').headers.authorization, 'Bearer hf_tgi');
      await create('huggingface', { baseUrl: `${upstream.baseUrl}/hf/v1` }, { HF_TOKEN: 'hf_router' }).chatModel('Qwen/Qwen3-8B:cheapest').generate(hello, {});
      const request = only('/hf/v1/chat/completions');
      assert.equal(request.headers.authorization, 'Bearer hf_router');
      assert.equal((request.body as { model: string }).model, 'Qwen/Qwen3-8B:cheapest');
    });

    it('VLLM_BASE_URL alone enables vllm (no auth header); VLLM_API_KEY adds one', async () => {
      const env = { VLLM_BASE_URL: `${upstream.baseUrl}/v1` };
      const options = fromEnvironment('vllm', env);
      assert.deepEqual(options, [{ name: 'vllm', type: 'vllm' }]);
      const provider = create('vllm', options[0], env);
      assert.equal(provider.configured, true);
      await provider.chatModel('Qwen/Qwen3-8B').generate(hello, {});
      assert.equal(only('/v1/chat/completions').headers.authorization, undefined);
      await create('vllm', {}, { ...env, VLLM_API_KEY: 'vk' }).chatModel('m').generate(hello, {});
      assert.equal(only('/v1/chat/completions').headers.authorization, 'Bearer vk');
      assert.deepEqual(fromEnvironment('openai', { OPENAI_BASE_URL: 'http://x' }), [], 'a base URL alone does not enable a keyed preset');
    });

    it('QIANFAN_APPID is listed among the environment variables; a missing base URL names the variable', () => {
      assert.ok(openAICompatibleType(findPreset('qianfan')!).environmentVariables.includes('QIANFAN_APPID'));
      assert.throws(() => create('vllm', {}, {}), /providers\.vllm\.baseUrl is required for type vllm or set VLLM_BASE_URL/);
      assert.throws(() => create('azure', { apiKey: 'k' }, {}), /AZURE_OPENAI_ENDPOINT/);
      assert.throws(() => create('openai-compatible', {}, {}), /providers\.openai-compatible\.baseUrl is required/);
    });
  });
});
