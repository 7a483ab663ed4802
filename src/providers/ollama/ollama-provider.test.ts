import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture, startFakeUpstream, type FakeUpstream } from '../../../test/support/fake-upstream.js';
import { collectParts, joinedText } from '../../../test/support/stream-replay.js';
import { ClientClosedError, ModelNotFoundError, UpstreamConnectionError } from '../../errors/index.js';
import type { Provider } from '../../spec/index.js';
import { ollamaProviderType } from './ollama-type.js';

const fixturesDir = new URL('./__fixtures__/', import.meta.url);
const text = (name: string): string => readFixture(fixturesDir, name);
const ndjson = { 'content-type': 'application/x-ndjson' };

describe('Ollama provider against a fake native Ollama', () => {
  let upstream: FakeUpstream;
  let provider: Provider;

  before(async () => {
    upstream = await startFakeUpstream({
      'POST /api/chat': (request) => {
        const body = request.body as { model: string; stream: boolean; tools?: unknown[] };
        if (body.model === 'foo') return { status: 404, json: JSON.parse(text('ollama-not-found.json')) };
        if (body.model === 'slow') return { headers: ndjson, raw: text('ollama-chat.ndjson').split('\n')[0]! + '\n', end: 'hang' };
        if (body.tools) return body.stream ? { headers: ndjson, raw: text('ollama-tool-call.ndjson') } : { json: JSON.parse(text('ollama-tool-call.json')) };
        return body.stream ? { headers: ndjson, raw: text('ollama-chat.ndjson').split(/(?<=\n)/) } : { json: JSON.parse(text('ollama-chat.json')) };
      },
      'POST /api/embed': () => ({ json: JSON.parse(text('ollama-embed.json')) }),
      'GET /api/tags': () => ({ json: JSON.parse(text('ollama-tags.json')) }),
    });
    provider = ollamaProviderType.create({ name: 'ollama', type: 'ollama' }, { OLLAMA_HOST: upstream.baseUrl.replace('http://', '') });
  });
  after(() => upstream.close());

  it('stream: POST /api/chat with stream:true, messages and options mapped, NDJSON read', async () => {
    const parts = await collectParts(await provider.chatModel('llama3.2').stream({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'what is in this image?' }, { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' }, { type: 'image', url: 'https://example.com/a.png' }] },
      ],
      temperature: 0.2, topP: 0.9, maxTokens: 256, stop: ['\n\n'], seed: 42, providerOptions: { num_ctx: 8192, keep_alive: '5m', reasoning_effort: 'low' },
    }, {}));
    const request = upstream.requests.at(-1)!;
    assert.equal(request.path, '/api/chat');
    assert.equal(request.headers.authorization, undefined);
    assert.deepEqual(request.body, {
      model: 'llama3.2', stream: true, keep_alive: '5m', think: 'low',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'what is in this image?', images: ['iVBORw0KGgo='] }],
      options: { temperature: 0.2, top_p: 0.9, num_predict: 256, stop: ['\n\n'], seed: 42, num_ctx: 8192 },
    });
    assert.deepEqual(parts[0], { type: 'stream-start', warnings: [{ code: 'unsupported-content', param: 'messages', message: 'Ollama takes text and base64 images only; a remote image URL part was not sent.' }] });
    assert.equal(joinedText(parts), 'The sky is blue.');
    assert.deepEqual(parts.at(-1), { type: 'usage', usage: { inputTokens: 169, outputTokens: 15 } });
  });

  it('non-stream sends stream:false explicitly; tools and a tool turn round-trip', async () => {
    const plain = await provider.chatModel('llama3.2').generate({ messages: [{ role: 'user', content: 'hi' }] }, {});
    assert.equal((upstream.requests.at(-1)!.body as { stream: boolean }).stream, false);
    assert.equal(plain.choices[0]!.content, 'Hello! How are you today?');
    assert.deepEqual(plain.usage, { inputTokens: 26, outputTokens: 298 });
    const result = await provider.chatModel('qwen3:8b').generate({
      messages: [
        { role: 'user', content: 'weather in Tokyo?' },
        { role: 'assistant', content: null, toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Tokyo"}' }] },
        { role: 'tool', toolCallId: 'call_1', content: '11 degrees celsius' },
      ],
      tools: [{ name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }],
    }, {});
    const body = upstream.requests.at(-1)!.body as { messages: unknown[]; tools: unknown[] };
    assert.deepEqual(body.messages.slice(1), [
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Tokyo' } } }] },
      { role: 'tool', content: '11 degrees celsius', tool_call_id: 'call_1', tool_name: 'get_weather' },
    ]);
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }]);
    assert.deepEqual(result.choices[0]!.toolCalls, [{ id: 'call_k3v9x2', name: 'get_weather', arguments: '{"city":"Tokyo"}' }]);
    assert.equal(result.choices[0]!.finishReason, 'tool_calls');
  });

  it('a 404 {"error":"model … not found"} is ModelNotFoundError with the message', async () => {
    await assert.rejects(provider.chatModel('foo').stream({ messages: [{ role: 'user', content: 'x' }] }, {}), (error: unknown) => {
      assert.ok(error instanceof ModelNotFoundError);
      assert.match(error.message, /model 'foo' not found/);
      return true;
    });
  });

  it('aborting mid-stream closes the upstream connection', async () => {
    const controller = new AbortController();
    const parts = await provider.chatModel('slow').stream({ messages: [{ role: 'user', content: 'x' }] }, { abortSignal: controller.signal });
    const closed = upstream.waitForClientClose();
    let last;
    for await (const part of parts) {
      last = part;
      if (part.type === 'text-delta') controller.abort();
    }
    await closed;
    assert.ok(last?.type === 'error' && last.error instanceof ClientClosedError);
  });

  it('embeddings: POST /api/embed with every input, token count from prompt_eval_count', async () => {
    const result = await provider.embeddingModel!('all-minilm').embed({ input: ['a', 'b'], dimensions: 3 }, {});
    assert.deepEqual(upstream.requests.at(-1)!.body, { model: 'all-minilm', input: ['a', 'b'], dimensions: 3 });
    assert.equal(result.embeddings.length, 2);
    assert.equal(result.inputTokens, 8);
  });

  it('discovery: GET /api/tags lists local models by name:tag; BERT families are embedding models', async () => {
    assert.deepEqual(await provider.discoverModels!({}), [
      { id: 'deepseek-r1:8b', ownedBy: 'ollama', capabilities: ['chat'] },
      { id: 'llama3.2:latest', ownedBy: 'ollama', capabilities: ['chat'] },
      { id: 'all-minilm:latest', ownedBy: 'ollama', capabilities: ['embedding'] },
    ]);
  });

  it('a server that is not running is a retryable UpstreamConnectionError', async () => {
    const down = ollamaProviderType.create({ name: 'ollama', type: 'ollama', baseUrl: 'http://127.0.0.1:9' }, {});
    await assert.rejects(down.discoverModels!({}), UpstreamConnectionError);
    await assert.rejects(down.chatModel('x').stream({ messages: [{ role: 'user', content: 'x' }] }, {}), UpstreamConnectionError);
  });

  it('environment: OLLAMA_HOST (host:port, URL, or …/v1) enables "ollama"; OLLAMA_API_KEY adds a bearer key', async () => {
    assert.deepEqual(ollamaProviderType.fromEnvironment!({ OLLAMA_HOST: '127.0.0.1:11434' }), [{ name: 'ollama', type: 'ollama' }]);
    assert.deepEqual(ollamaProviderType.fromEnvironment!({ OLLAMA_HOST: ' ' }), []);
    const keyed = ollamaProviderType.create({ name: 'ollama', type: 'ollama' }, { OLLAMA_HOST: `${upstream.baseUrl}/v1/`, OLLAMA_API_KEY: 'ok-secret' });
    await keyed.discoverModels!({});
    assert.equal(upstream.requests.at(-1)!.path, '/api/tags');
    assert.equal(upstream.requests.at(-1)!.headers.authorization, 'Bearer ok-secret');
  });
});
