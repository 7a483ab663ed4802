import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture, sseFromFixture, startFakeUpstream, type FakeUpstream } from '../../../test/support/fake-upstream.js';
import { collectParts, joinedText } from '../../../test/support/stream-replay.js';
import { AuthenticationError, ClientClosedError, ModelNotFoundError, RateLimitError } from '../../errors/index.js';
import type { ChatRequest, Provider } from '../../spec/index.js';
import { geminiProviderType } from './gemini-type.js';

const fixturesDir = new URL('./__fixtures__/', import.meta.url);
const json = (name: string): unknown => JSON.parse(readFixture(fixturesDir, name));
const sse = (name: string): string[] => sseFromFixture(readFixture(fixturesDir, name));

const conversation: ChatRequest = {
  messages: [
    { role: 'system', content: 'I say high you say low.' },
    { role: 'user', content: 'what is the result of 100/2' },
    { role: 'assistant', content: null, toolCalls: [{ id: 'call_0_0', name: 'customDivide', arguments: '{"numerator":100,"denominator":2}' }] },
    { role: 'tool', toolCallId: 'call_0_0', content: '{"result":50}' },
    { role: 'tool', toolCallId: 'call_0_0', content: 'plain text' },
    { role: 'user', content: [{ type: 'text', text: 'and this?' }, { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' }] },
  ],
  temperature: 0.2, topP: 0.9, maxTokens: 200, stop: ['END'], seed: 7,
  tools: [{ name: 'customDivide', description: 'Custom divide function', parameters: {
    type: 'object', additionalProperties: false, $schema: 'http://json-schema.org/draft-07/schema#',
    properties: { numerator: { type: 'number' }, denominator: { type: ['number', 'null'] } }, required: ['numerator'],
  } }],
  toolChoice: { name: 'customDivide' },
  providerOptions: { thinking_config: { thinkingBudget: 50 }, safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }], logit_bias: {} },
};

describe('Gemini provider against a fake generativelanguage API', () => {
  let upstream: FakeUpstream;
  let provider: Provider;

  before(async () => {
    upstream = await startFakeUpstream({
      'POST /v1beta/models/gemini-2.5-flash:generateContent': () => ({ json: json('gemini-text.json') }),
      'POST /v1beta/models/gemini-2.5-flash:streamGenerateContent': () => ({ sse: sse('gemini-text.chunks.txt') }),
      'POST /v1beta/models/gemini-2.0-flash:generateContent': () => ({ json: json('gemini-function-call.json') }),
      'POST /v1beta/models/slow:streamGenerateContent': () => ({ sse: sse('gemini-text.chunks.txt').slice(0, 1), end: 'hang' }),
      'POST /v1beta/models/custom-gemini-2.0-flash:streamGenerateContent': () => ({ status: 404, json: json('gemini-not-found.json') }),
      'POST /v1beta/models/bad-key:generateContent': () => ({ status: 400, json: json('gemini-invalid-key.json') }),
      'POST /v1beta/models/quota:generateContent': () => ({ status: 429, json: json('gemini-429.json') }),
      'POST /v1beta/models/gemini-embedding-001:embedContent': () => ({ json: json('gemini-embed.json') }),
      'POST /v1beta/models/gemini-embedding-001:batchEmbedContents': () => ({ json: json('gemini-batch-embed.json') }),
      'GET /v1beta/models': (request) => ({ json: json(request.query.get('pageToken') ? 'gemini-models-page-2.json' : 'gemini-models.json') }),
    });
    provider = geminiProviderType.create({ name: 'gemini', type: 'gemini' }, { GEMINI_BASE_URL: upstream.baseUrl, GEMINI_API_KEY: 'AIza-secret' });
  });
  after(() => upstream.close());

  it('non-stream: POST :generateContent with x-goog-api-key (never ?key=), the answer, usage with thoughts', async () => {
    const result = await provider.chatModel('gemini-2.5-flash').generate({ messages: [{ role: 'user', content: 'why is the sky blue?' }], maxTokens: 200 }, {});
    const request = upstream.requests.at(-1)!;
    assert.equal(request.headers['x-goog-api-key'], 'AIza-secret');
    assert.equal(request.query.get('key'), null);
    assert.deepEqual(request.body, { contents: [{ role: 'user', parts: [{ text: 'why is the sky blue?' }] }], generationConfig: { maxOutputTokens: 200 } });
    assert.match(result.choices[0]!.content ?? '', /Rayleigh Scattering/);
    assert.equal(result.choices[0]!.finishReason, 'length');
    assert.deepEqual(result.usage, { inputTokens: 7, outputTokens: 197, reasoningTokens: 48 });
    assert.equal(result.upstreamId, 'jy77aN2dK5v_1e8PlvqtsQ8');
  });

  it('maps the conversation: systemInstruction, model role, functionCall/functionResponse, inline image, tools, toolConfig, generationConfig', async () => {
    const result = await provider.chatModel('gemini-2.0-flash').generate(conversation, {});
    const body = upstream.requests.at(-1)!.body as Record<string, unknown>;
    assert.deepEqual(body.systemInstruction, { role: 'user', parts: [{ text: 'I say high you say low.' }] });
    assert.deepEqual(body.contents, [
      { role: 'user', parts: [{ text: 'what is the result of 100/2' }] },
      { role: 'model', parts: [{ functionCall: { name: 'customDivide', args: { numerator: 100, denominator: 2 } } }] },
      { role: 'user', parts: [
        { functionResponse: { name: 'customDivide', response: { result: 50 } } },
        { functionResponse: { name: 'customDivide', response: { content: 'plain text' } } },
      ] },
      { role: 'user', parts: [{ text: 'and this?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
    ]);
    assert.deepEqual(body.tools, [{ functionDeclarations: [{ name: 'customDivide', description: 'Custom divide function', parameters: {
      type: 'object', properties: { numerator: { type: 'number' }, denominator: { type: 'number', nullable: true } }, required: ['numerator'],
    } }] }]);
    assert.deepEqual(body.toolConfig, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['customDivide'] } });
    assert.deepEqual(body.generationConfig, { temperature: 0.2, topP: 0.9, maxOutputTokens: 200, stopSequences: ['END'], seed: 7, thinkingConfig: { thinkingBudget: 50 } });
    assert.deepEqual(body.safetySettings, [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }]);
    assert.ok(!('logit_bias' in body));
    assert.deepEqual(result.warnings.map((warning) => warning.param), ['logit_bias']);
    assert.deepEqual(result.choices[0]!.toolCalls, [{ id: 'call_0_0', name: 'customDivide', arguments: '{"denominator":2,"numerator":100}' }]);
    assert.equal(result.choices[0]!.finishReason, 'tool_calls');
    assert.equal(result.choices[0]!.content, null);
  });

  it('stream: POST :streamGenerateContent?alt=sse, deltas, finish, usage', async () => {
    const parts = await collectParts(await provider.chatModel('gemini-2.5-flash').stream({ messages: [{ role: 'user', content: 'high' }] }, {}));
    const request = upstream.requests.at(-1)!;
    assert.equal(request.query.get('alt'), 'sse');
    assert.equal(request.headers['x-goog-api-key'], 'AIza-secret');
    assert.match(joinedText(parts), /rather than violet\.$/);
    assert.deepEqual(parts.at(-2), { type: 'finish', index: 0, finishReason: 'stop' });
  });

  it('errors: 404 is ModelNotFoundError, an invalid key is AuthenticationError, 429 carries RetryInfo; the key never shows', async () => {
    await assert.rejects(provider.chatModel('custom-gemini-2.0-flash').stream({ messages: [{ role: 'user', content: 'x' }] }, {}), (error: unknown) => {
      assert.ok(error instanceof ModelNotFoundError);
      assert.match(error.message, /is not found for API version v1beta/);
      assert.equal(error.upstreamCode, 'NOT_FOUND');
      return true;
    });
    await assert.rejects(provider.chatModel('bad-key').generate({ messages: [{ role: 'user', content: 'x' }] }, {}), (error: unknown) => {
      assert.ok(error instanceof AuthenticationError);
      assert.equal(error.upstreamCode, 'API_KEY_INVALID');
      assert.doesNotMatch(error.message, /AIza-secret/);
      return true;
    });
    await assert.rejects(provider.chatModel('quota').generate({ messages: [{ role: 'user', content: 'x' }] }, {}), (error: unknown) => {
      assert.ok(error instanceof RateLimitError);
      assert.equal(error.retryAfterSeconds, 35);
      assert.equal(error.upstreamCode, 'RESOURCE_EXHAUSTED');
      return true;
    });
  });

  it('aborting mid-stream closes the upstream connection', async () => {
    const controller = new AbortController();
    const parts = await provider.chatModel('slow').stream({ messages: [{ role: 'user', content: 'x' }] }, { abortSignal: controller.signal });
    const closed = upstream.waitForClientClose();
    const seen = [];
    for await (const part of parts) {
      seen.push(part);
      if (part.type === 'text-delta') controller.abort();
    }
    await closed;
    const last = seen.at(-1);
    assert.ok(last?.type === 'error' && last.error instanceof ClientClosedError);
  });

  it('embeddings: embedContent for one input, batchEmbedContents for several, dimensions and taskType', async () => {
    const model = provider.embeddingModel!('gemini-embedding-001');
    const one = await model.embed({ input: ['hello'], dimensions: 4, providerOptions: { task_type: 'RETRIEVAL_QUERY' } }, {});
    assert.deepEqual(one.embeddings, [[0.0123, -0.0456, 0.0789, 0.0012]]);
    assert.deepEqual(upstream.requests.at(-1)!.body, { content: { parts: [{ text: 'hello' }] }, outputDimensionality: 4, taskType: 'RETRIEVAL_QUERY' });
    const several = await model.embed({ input: ['a', 'b'] }, {});
    assert.equal(several.embeddings.length, 2);
    assert.deepEqual(upstream.requests.at(-1)!.body, { requests: [
      { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] } },
      { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] } },
    ] });
    assert.equal(upstream.requests.at(-1)!.headers['x-goog-api-key'], 'AIza-secret');
  });

  it('discovery: GET /v1beta/models page by page, ids without models/, capabilities from the methods', async () => {
    const models = await provider.discoverModels!({});
    assert.deepEqual(models, [
      { id: 'gemini-2.5-flash', ownedBy: 'google', capabilities: ['chat'], contextWindow: 1048576 },
      { id: 'gemini-embedding-001', ownedBy: 'google', capabilities: ['embedding'], contextWindow: 2048 },
      { id: 'gemma-3-27b-it', ownedBy: 'google', capabilities: ['chat'], contextWindow: 131072 },
    ]);
    const pages = upstream.requestsFor('GET /v1beta/models');
    assert.equal(pages.at(-1)!.query.get('pageToken'), 'Ch5tb2RlbHMvZ2VtaW5pLWVtYmVkZGluZy0wMDE=');
    assert.equal(pages.at(-1)!.headers['x-goog-api-key'], 'AIza-secret');
  });

  it('environment: GEMINI_API_KEY or GOOGLE_API_KEY enables it; no key means not configured; a /v1 base URL is kept', () => {
    assert.deepEqual(geminiProviderType.fromEnvironment!({ GOOGLE_API_KEY: 'k' }), [{ name: 'gemini', type: 'gemini' }]);
    assert.deepEqual(geminiProviderType.fromEnvironment!({}), []);
    assert.equal(geminiProviderType.create({ name: 'g', type: 'gemini' }, {}).configured, false);
    assert.equal(geminiProviderType.create({ name: 'g', type: 'gemini', discoverModels: false }, {}).discoverModels, undefined);
  });
});
