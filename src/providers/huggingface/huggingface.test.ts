import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture, sseFromFixture, startFakeUpstream, type FakeUpstream } from '../../../test/support/fake-upstream.js';
import { bytesOf, chunkSizes, collectParts, comparable, joinedText } from '../../../test/support/stream-replay.js';
import { ClientClosedError, InvalidRequestError, RateLimitError, UpstreamError } from '../../errors/index.js';
import type { Provider, StreamPart } from '../../spec/index.js';
import { teiProviderType, tgiGenerateProviderType } from './huggingface-type.js';
import { tgiStreamParts } from './tgi-chat-model.js';

const fixturesDir = new URL('./__fixtures__/', import.meta.url);
const text = (name: string): string => readFixture(fixturesDir, name);
const hello = { messages: [{ role: 'user' as const, content: 'What is Deep Learning?' }] };

describe('TGI /generate_stream state machine', () => {
  it('token events are text (special tokens skipped); details give finish reason and token counts; any byte split', async () => {
    const expected: StreamPart[] = [
      { type: 'text-delta', index: 0, text: ' Deep' }, { type: 'text-delta', index: 0, text: ' Learning' }, { type: 'text-delta', index: 0, text: ' is' },
      { type: 'finish', index: 0, finishReason: 'stop' }, { type: 'usage', usage: { inputTokens: 6, outputTokens: 4 } },
    ];
    for (const size of chunkSizes) {
      const parts = await collectParts(tgiStreamParts(bytesOf(text('tgi-generate-stream.raw.txt'), size), 'tgi', []));
      assert.deepEqual(comparable(parts), expected, `chunks of ${size} bytes`);
    }
  });

  it('an ErrorResponse event ends the stream with an error; a stream without details is an error', async () => {
    const body = sseFromFixture(text('tgi-error-in-stream.chunks.txt')).map((payload) => `data: ${payload}\n\n`).join('');
    const parts = await collectParts(tgiStreamParts(bytesOf(body, 3), 'tgi', []));
    assert.equal(joinedText(parts), ' Deep');
    const last = parts.at(-1);
    assert.ok(last?.type === 'error' && last.error instanceof UpstreamError);
    assert.equal(last.error.upstreamCode, 'generation');
    const cut = await collectParts(tgiStreamParts(bytesOf(body.split('\n\n')[0]! + '\n\n', 7), 'tgi', []));
    assert.equal(cut.at(-1)?.type, 'error');
  });
});

describe('TGI native and TEI against fake servers', () => {
  let upstream: FakeUpstream;
  let tgi: Provider;
  let tei: Provider;

  before(async () => {
    upstream = await startFakeUpstream({
      'POST /generate': (request) => {
        const inputs = (request.body as { inputs: string }).inputs;
        if (inputs === 'invalid') return { status: 422, json: JSON.parse(text('tgi-validation-error.json')) };
        if (inputs === 'busy') return { status: 429, json: JSON.parse(text('tgi-overloaded.json')) };
        return { headers: { 'x-prompt-tokens': '6', 'x-generated-tokens': '20' }, json: JSON.parse(text('tgi-generate.json')) };
      },
      'POST /generate_stream': (request) => (request.body as { inputs: string }).inputs === 'slow'
        ? { raw: text('tgi-generate-stream.raw.txt').split('\n\n').slice(0, 2).join('\n\n') + '\n\n', end: 'hang' }
        : { raw: text('tgi-generate-stream.raw.txt') },
      'POST /embed': () => ({ json: JSON.parse(text('tei-embed.json')) }),
    });
    tgi = tgiGenerateProviderType.create({ name: 'tgi-native', type: 'tgi-generate', baseUrl: upstream.baseUrl }, { HF_TOKEN: 'hf_secret' });
    tei = teiProviderType.create({ name: 'tei', type: 'tei' }, { TEI_BASE_URL: `${upstream.baseUrl}/v1` });
  });
  after(() => upstream.close());

  it('non-stream: POST /generate with inputs and parameters; usage from x-prompt-tokens / x-generated-tokens', async () => {
    const result = await tgi.chatModel('tgi').generate({ ...hello, maxTokens: 20, temperature: 0, topP: 0.9, stop: ['\n'], seed: 1, providerOptions: { top_k: 10 } }, {});
    const request = upstream.requests.at(-1)!;
    assert.equal(request.headers.authorization, 'Bearer hf_secret');
    assert.deepEqual(request.body, { inputs: 'What is Deep Learning?', parameters: { details: true, max_new_tokens: 20, top_p: 0.9, stop: ['\n'], seed: 1, top_k: 10 } });
    assert.deepEqual(result.warnings.map((warning) => warning.param), ['temperature']);
    assert.match(result.choices[0]!.content ?? '', /^ Deep learning is a subset/);
    assert.equal(result.choices[0]!.finishReason, 'length');
    assert.deepEqual(result.usage, { inputTokens: 6, outputTokens: 20 });
  });

  it('a conversation becomes a plain transcript with a warning; tools are warned about', async () => {
    const parts = await collectParts(await tgi.chatModel('tgi').stream({
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }, { role: 'user', content: 'Deep learning?' }],
      tools: [{ name: 'x' }],
    }, {}));
    assert.equal((upstream.requests.at(-1)!.body as { inputs: string }).inputs, 'Be brief.\n\nUser: Hi\n\nAssistant: Hello\n\nUser: Deep learning?\n\nAssistant:');
    const start = parts[0];
    assert.ok(start?.type === 'stream-start');
    assert.deepEqual(start.warnings.map((warning) => warning.param), ['messages', 'tools']);
    assert.equal(joinedText(parts), ' Deep Learning is');
  });

  it('errors: 422 validation is InvalidRequestError, 429 overloaded RateLimitError, with error_type as code', async () => {
    await assert.rejects(tgi.chatModel('tgi').generate({ messages: [{ role: 'user', content: 'invalid' }] }, {}), (error: unknown) => {
      assert.ok(error instanceof InvalidRequestError);
      assert.match(error.message, /must be strictly positive/);
      assert.equal(error.upstreamCode, 'validation');
      return true;
    });
    await assert.rejects(tgi.chatModel('tgi').generate({ messages: [{ role: 'user', content: 'busy' }] }, {}), RateLimitError);
  });

  it('aborting mid-stream closes the upstream connection', async () => {
    const controller = new AbortController();
    const parts = await tgi.chatModel('tgi').stream({ messages: [{ role: 'user', content: 'slow' }] }, { abortSignal: controller.signal });
    const closed = upstream.waitForClientClose();
    let last;
    for await (const part of parts) {
      last = part;
      if (part.type === 'text-delta') controller.abort();
    }
    await closed;
    assert.ok(last?.type === 'error' && last.error instanceof ClientClosedError);
  });

  it('TEI: POST /embed with inputs (server root even from a …/v1 URL), a bare array of vectors; chat is refused', async () => {
    const result = await tei.embeddingModel!('tei').embed({ input: ['What is Deep Learning?', 'Hello'], providerOptions: { normalize: true } }, {});
    const request = upstream.requests.at(-1)!;
    assert.equal(request.path, '/embed');
    assert.deepEqual(request.body, { normalize: true, inputs: ['What is Deep Learning?', 'Hello'] });
    assert.deepEqual(result.embeddings, [[0.0123, -0.0456, 0.0789], [0.011, 0.002, -0.03]]);
    await assert.rejects(tei.chatModel('tei').generate(hello, {}), InvalidRequestError);
    assert.deepEqual(teiProviderType.fromEnvironment!({ TEI_BASE_URL: 'http://127.0.0.1:8081' }), [{ name: 'tei', type: 'tei' }]);
    assert.throws(() => tgiGenerateProviderType.create({ name: 'x', type: 'tgi-generate' }, {}), /TGI_BASE_URL/);
  });
});
