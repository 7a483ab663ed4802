import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { readFixture, sseFromFixture, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const fixtures = new URL('../../src/providers/openai-compatible/__fixtures__/', import.meta.url);
const fixture = (name: string) => readFixture(fixtures, name);
const chunks = (name: string) => sseFromFixture(fixture(name));

/** The text a chunks fixture streams, computed from the fixture itself. */
function streamedText(name: string): string {
  return chunks(name).filter((line) => line !== '[DONE]')
    .map((line) => (JSON.parse(line) as { choices?: { delta?: { content?: string | null } }[] }).choices?.[0]?.delta?.content ?? '')
    .join('');
}

describe('openai SDK against a live Qiao in front of an OpenAI-compatible upstream', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;
  let client: OpenAI;

  before(async () => {
    upstream = await startFakeUpstream({
      'POST /v1/chat/completions': (request) => {
        const body = request.body as { stream?: boolean; tools?: unknown[]; messages: { content: string }[] };
        const prompt = body.messages.at(-1)?.content;
        if (prompt === 'rate limit me') return { status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } } };
        if (prompt === 'break') return { status: 500, json: { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } } };
        if (prompt === 'fail mid-stream') return { sse: chunks('openai-error-in-stream.chunks.txt') };
        if (prompt === 'cut') return { sse: chunks('openai-text.chunks.txt').slice(0, 3), end: 'destroy' };
        if (prompt === 'slow') return { sse: chunks('openai-text.chunks.txt').slice(0, 2), end: 'hang' };
        if (body.tools) return body.stream ? { sse: chunks('openai-tool-call.chunks.txt') } : { json: JSON.parse(fixture('openai-tool-call.json')) };
        return body.stream ? { sse: chunks('openai-text.chunks.txt') } : { json: JSON.parse(fixture('openai-text.json')) };
      },
      'POST /v1/embeddings': () => ({ json: JSON.parse(fixture('openai-embeddings.json')) }),
      'POST /v1/completions': () => ({ status: 404, json: { error: { message: 'Qiao must not call this', type: 'invalid_request_error', param: null, code: null } } }),
    });
    qiao = await startGateway({
      providers: { upstream: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-upstream-secret', models: ['gpt-4o-mini', 'text-embedding-3-small'] } },
      aliases: { fast: 'upstream/gpt-4o-mini' },
    });
    client = new OpenAI({ baseURL: `${qiao.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });

  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  test('non-stream chat: the upstream answer with Qiao\'s id and the model name the client asked for', async () => {
    const completion = await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hello' }] });
    const expected = JSON.parse(fixture('openai-text.json')) as { id: string; choices: { message: { content: string } }[]; usage: { total_tokens: number } };
    assert.equal(completion.choices[0]!.message.content, expected.choices[0]!.message.content);
    assert.equal(completion.model, 'fast');
    assert.match(completion.id, /^chatcmpl-/);
    assert.notEqual(completion.id, expected.id);
    assert.equal(completion.usage?.total_tokens, expected.usage.total_tokens);
    const sent = upstream.requests.at(-1)!;
    assert.equal(sent.headers.authorization, 'Bearer sk-upstream-secret');
    assert.equal((sent.body as { model: string }).model, 'gpt-4o-mini');
  });

  test('stream chat with include_usage: every delta, the finish, the usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }], stream: true, stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    const ids = new Set<string>();
    for await (const chunk of stream) {
      ids.add(chunk.id);
      assert.equal(chunk.model, 'gpt-4o-mini');
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, streamedText('openai-text.chunks.txt'));
    assert.equal(finish, 'stop');
    assert.ok(usage && usage.total_tokens > 0, 'usage chunk arrives');
    assert.equal(ids.size, 1);
    const sent = upstream.requests.at(-1)!.body as { stream: boolean; stream_options: { include_usage: boolean } };
    assert.deepEqual([sent.stream, sent.stream_options.include_usage], [true, true]);
  });

  test('stream without include_usage sends no usage chunk (but Qiao still asks the upstream for it)', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }], stream: true });
    for await (const chunk of stream) assert.equal(chunk.usage ?? undefined, undefined);
    assert.equal((upstream.requests.at(-1)!.body as { stream_options: { include_usage: boolean } }).stream_options.include_usage, true);
  });

  test('streamed tool calls are assembled by the SDK into complete calls', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'use the tool' }],
      tools: [{ type: 'function', function: { name: 'test-tool', parameters: { type: 'object', properties: { value: { type: 'string' } } } } }],
    });
    const final = await stream.finalChatCompletion();
    const calls = final.choices[0]!.message.tool_calls ?? [];
    assert.ok(calls.length >= 1);
    const first = calls[0] as { id: string; function: { name: string; arguments: string } };
    assert.equal(first.id, 'call_O17Uplv4lJvD6DVdIvFFeRMw');
    assert.equal(first.function.name, 'test-tool');
    assert.deepEqual(JSON.parse(first.function.arguments), { value: 'Sparkle Day' });
    assert.equal(final.choices[0]!.finish_reason, 'tool_calls');
  });

  test('non-stream tool calls', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'weather?' }],
      tools: [{ type: 'function', function: { name: 'get_current_weather', parameters: { type: 'object' } } }], tool_choice: 'auto',
    });
    const call = completion.choices[0]!.message.tool_calls![0] as { function: { name: string; arguments: string } };
    assert.equal(call.function.name, 'get_current_weather');
    assert.equal(completion.choices[0]!.finish_reason, 'tool_calls');
  });

  test('embeddings: the SDK\'s default base64 and explicit float decode to the same vectors', async () => {
    const expected = (JSON.parse(fixture('openai-embeddings.json')) as { data: { embedding: number[] }[] }).data.map((item) => item.embedding);
    const inputs = expected.map((_, index) => `text ${index}`);
    const viaBase64 = await client.embeddings.create({ model: 'text-embedding-3-small', input: inputs });
    const viaFloat = await client.embeddings.create({ model: 'text-embedding-3-small', input: inputs, encoding_format: 'float' });
    assert.equal(viaBase64.data.length, expected.length);
    viaBase64.data.forEach((item, index) => {
      item.embedding.forEach((value, position) => assert.ok(Math.abs(value - expected[index]![position]!) < 1e-6));
      assert.deepEqual(viaFloat.data[index]!.embedding, expected[index]);
    });
    assert.equal((upstream.requests.at(-1)!.body as { encoding_format: string }).encoding_format, 'float');
  });

  test('models: provider/model ids and aliases, retrievable by id', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.ok(ids.includes('upstream/gpt-4o-mini'));
    assert.ok(ids.includes('fast'));
    const model = await client.models.retrieve('upstream/gpt-4o-mini');
    assert.equal(model.id, 'upstream/gpt-4o-mini');
    assert.equal(model.owned_by, 'upstream');
    await assert.rejects(client.models.retrieve('gpt-4o-minii'), (error: unknown) => error instanceof OpenAI.NotFoundError);
  });

  test('legacy completions are served through chat', async () => {
    const completion = await client.completions.create({ model: 'gpt-4o-mini', prompt: 'Say hi' });
    assert.equal(completion.object, 'text_completion');
    assert.equal(completion.choices[0]!.text, (JSON.parse(fixture('openai-text.json')) as { choices: { message: { content: string } }[] }).choices[0]!.message.content);
    assert.deepEqual((upstream.requests.at(-1)!.body as { messages: unknown[] }).messages, [{ role: 'user', content: 'Say hi' }]);
  });

  test('unknown fields travel to the provider; warnings come back in x-qiao-warnings', async () => {
    const ask = (maxTokens?: number) => client.chat.completions.create({
      model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }], ...(maxTokens && { max_tokens: maxTokens }),
      // @ts-expect-error vendor fields the SDK does not know
      enable_thinking: false, thread_id: 'sdk-warnings',
    }).withResponse();
    await ask();
    // The model's window is unknown (8192 by default): 8190 tokens kept for the answer leave no room for the history.
    const { response } = await ask(8190);
    const sent = upstream.requests.at(-1)!.body as Record<string, unknown>;
    assert.equal(sent.enable_thinking, false);
    assert.equal(sent.thread_id, undefined, 'thread_id is Qiao\'s own field, not the upstream\'s');
    const warnings = JSON.parse(response.headers.get('x-qiao-warnings') ?? '[]') as { code: string; param: string }[];
    assert.deepEqual(warnings.map((warning) => [warning.code, warning.param]), [['history-trimmed', 'thread_id']]);
    assert.ok(response.headers.get('x-request-id'));
  });

  test('errors surface as the SDK\'s error classes', async () => {
    await assert.rejects(client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => error instanceof OpenAI.NotFoundError && (error as InstanceType<typeof OpenAI.NotFoundError>).code === 'model_not_found');
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && (error as InstanceType<typeof OpenAI.BadRequestError>).param === 'messages');
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'rate limit me' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.RateLimitError);
        assert.equal(error.headers?.get('retry-after'), '7');
        assert.match(error.message, /Rate limit reached/);
        return true;
      });
    await assert.rejects(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'break' }] }),
      (error: unknown) => error instanceof OpenAI.InternalServerError && error.status === 502 && !/stack|at \w+ \(/.test(error.message));
  });

  test('a stream that fails upstream ends with an error the SDK raises, not a fake stop', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'fail mid-stream' }], stream: true });
    const finishes: (string | null)[] = [];
    await assert.rejects(async () => {
      for await (const chunk of stream) finishes.push(chunk.choices[0]?.finish_reason ?? null);
    }, (error: unknown) => error instanceof OpenAI.APIError);
    assert.ok(!finishes.includes('stop'));
  });

  test('a stream cut by the upstream ends with an error, not [DONE]', async () => {
    const response = await fetch(`${qiao.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'cut' }] }),
    });
    const body = await response.text();
    assert.ok(!body.includes('[DONE]'));
    assert.ok(!body.includes('"finish_reason":"stop"'));
    assert.match(body.trim().split('\n').at(-1)!, /^data: \{"error":/);
  });

  test('cancelling a stream aborts the upstream request', async () => {
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'slow' }], stream: true }, { signal: controller.signal });
    const closed = upstream.waitForClientClose();
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break;
    }
    controller.abort();
    await closed;
    await qiao.gateway.usage.flush();
    const entries = await qiao.gateway.storage.requestLog.recent(5);
    assert.ok(entries.some((entry) => entry.status === 'cancelled'), 'the cancelled call is in the usage log');
  });

  test('every call lands in the usage log with provider, tokens and latency', async () => {
    await client.chat.completions.create({ model: 'fast', messages: [{ role: 'user', content: 'hello' }] });
    await qiao.gateway.usage.flush();
    const [entry] = await qiao.gateway.storage.requestLog.recent(1);
    assert.equal(entry!.requestedModel, 'fast');
    assert.equal(entry!.provider, 'upstream');
    assert.equal(entry!.upstreamModel, 'gpt-4o-mini');
    assert.equal(entry!.status, 'ok');
    assert.ok((entry!.inputTokens ?? 0) > 0 && (entry!.outputTokens ?? 0) > 0);
    assert.ok(entry!.latencyMs >= 0);
  });
});
