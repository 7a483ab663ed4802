import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startFakeUpstream, type FakeHandler, type FakeUpstream } from '../support/fake-upstream.js';
import { fakeGeminiRoutes, fakeOllamaRoutes, fakeTeiRoutes, fakeTgiRoutes, fixtureJson } from '../support/native-fakes.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

/** One native provider behind a live Qiao: how to fake it and what the openai SDK must see. */
interface ProviderCase {
  name: string;
  provider: (baseUrl: string) => Record<string, unknown>;
  routes: Record<string, FakeHandler>;
  chatModel?: string;
  text?: { nonStream: RegExp; stream: RegExp; finish: string };
  tools?: { name: string; arguments: Record<string, unknown> };
  embedding?: { model: string; inputs: string[]; first: number[] };
  /** A prompt (or model) that makes the upstream refuse the call, and the SDK error class it must surface as. */
  error: { model: string; prompt: string; errorClass: new (...args: never[]) => InstanceType<typeof OpenAI.APIError>; status: number };
  midStreamError?: string;
}

const cases: ProviderCase[] = [
  {
    name: 'gemini',
    provider: (baseUrl) => ({ type: 'gemini', baseUrl, apiKey: 'AIza-upstream-secret', discoverModels: false }),
    routes: fakeGeminiRoutes,
    chatModel: 'gemini-2.5-flash',
    text: { nonStream: /Rayleigh Scattering/, stream: /^low!.*rather than violet\.$/s, finish: 'stop' },
    tools: { name: 'customDivide', arguments: { denominator: 2, numerator: 100 } },
    embedding: { model: 'gemini-embedding-001', inputs: ['a', 'b'], first: [0.0123, -0.0456, 0.0789, 0.0012] },
    error: { model: 'bad-key', prompt: 'x', errorClass: OpenAI.AuthenticationError, status: 401 },
    midStreamError: 'fail mid-stream',
  },
  {
    name: 'ollama',
    provider: (baseUrl) => ({ type: 'ollama', baseUrl, discoverModels: false }),
    routes: fakeOllamaRoutes,
    chatModel: 'llama3.2',
    text: { nonStream: /^Hello! How are you today\?$/, stream: /^The sky is blue\.$/, finish: 'stop' },
    tools: { name: 'get_weather', arguments: { city: 'Tokyo' } },
    embedding: { model: 'all-minilm', inputs: ['a', 'b'], first: [0.010071029, -0.0017594862, 0.05007221] },
    error: { model: 'foo', prompt: 'x', errorClass: OpenAI.NotFoundError, status: 404 },
    midStreamError: 'fail mid-stream',
  },
  {
    name: 'tgi',
    provider: (baseUrl) => ({ type: 'tgi-generate', baseUrl }),
    routes: fakeTgiRoutes,
    chatModel: 'tgi',
    text: { nonStream: /^ Deep learning is a subset/, stream: /^ Deep Learning is$/, finish: 'stop' },
    error: { model: 'tgi', prompt: 'invalid', errorClass: OpenAI.BadRequestError, status: 400 },
    midStreamError: 'fail mid-stream',
  },
  {
    name: 'tei',
    provider: (baseUrl) => ({ type: 'tei', baseUrl }),
    routes: fakeTeiRoutes,
    embedding: { model: 'tei', inputs: ['What is Deep Learning?', 'Hello'], first: [0.0123, -0.0456, 0.0789] },
    error: { model: 'tei', prompt: 'chat with an embedding server', errorClass: OpenAI.BadRequestError, status: 400 },
  },
];

for (const entry of cases) {
  describe(`openai SDK against a live Qiao in front of a fake ${entry.name}`, () => {
    let upstream: FakeUpstream;
    let qiao: RunningGateway;
    let client: OpenAI;
    const model = (id: string) => `${entry.name}/${id}`;

    before(async () => {
      upstream = await startFakeUpstream(entry.routes);
      qiao = await startGateway({ providers: { [entry.name]: entry.provider(upstream.baseUrl) } });
      client = new OpenAI({ baseURL: `${qiao.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    });
    after(async () => {
      await qiao?.close();
      await upstream?.close();
    });

    if (entry.chatModel && entry.text) {
      const chatModel = model(entry.chatModel);
      const expected = entry.text;
      test('non-stream chat', async () => {
        const completion = await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'hello' }] });
        assert.match(completion.choices[0]!.message.content ?? '', expected.nonStream);
        assert.equal(completion.model, chatModel);
        assert.ok((completion.usage?.total_tokens ?? 0) > 0);
      });

      test('stream chat with usage', async () => {
        const stream = await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'hello' }], stream: true, stream_options: { include_usage: true } });
        let streamed = '';
        let finish: string | null = null;
        let usage: OpenAI.CompletionUsage | undefined;
        for await (const chunk of stream) {
          streamed += chunk.choices[0]?.delta.content ?? '';
          finish = chunk.choices[0]?.finish_reason ?? finish;
          usage = chunk.usage ?? usage;
        }
        assert.match(streamed, expected.stream);
        assert.equal(finish, expected.finish);
        assert.ok(usage && usage.total_tokens > 0);
      });
    }

    if (entry.chatModel && entry.tools) {
      const chatModel = model(entry.chatModel);
      const call = entry.tools;
      const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: call.name, parameters: { type: 'object', properties: {} } } }];
      test('tool calls, streamed and not', async () => {
        const completion = await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'use the tool' }], tools });
        const first = completion.choices[0]!.message.tool_calls?.[0] as { id: string; function: { name: string; arguments: string } };
        assert.equal(first.function.name, call.name);
        assert.deepEqual(JSON.parse(first.function.arguments), call.arguments);
        assert.equal(completion.choices[0]!.finish_reason, 'tool_calls');
        const final = await client.chat.completions.stream({ model: chatModel, messages: [{ role: 'user', content: 'use the tool' }], tools }).finalChatCompletion();
        const streamed = final.choices[0]!.message.tool_calls?.[0] as { id: string; function: { name: string; arguments: string } };
        assert.ok(streamed.id);
        assert.deepEqual(JSON.parse(streamed.function.arguments), call.arguments);
        assert.equal(final.choices[0]!.finish_reason, 'tool_calls');
      });
    }

    if (entry.embedding) {
      const embedding = entry.embedding;
      test('embeddings, float and base64', async () => {
        const result = await client.embeddings.create({ model: model(embedding.model), input: embedding.inputs, encoding_format: 'float' });
        assert.equal(result.data.length, embedding.inputs.length);
        assert.deepEqual(result.data[0]!.embedding, embedding.first);
        const base64 = await client.embeddings.create({ model: model(embedding.model), input: embedding.inputs });
        base64.data[0]!.embedding.forEach((value, index) => assert.ok(Math.abs(value - embedding.first[index]!) < 1e-6));
      });
    }

    test(`an upstream refusal is the SDK's ${entry.error.errorClass.name}`, async () => {
      await assert.rejects(client.chat.completions.create({ model: model(entry.error.model), messages: [{ role: 'user', content: entry.error.prompt }] }), (error: unknown) => {
        assert.ok(error instanceof entry.error.errorClass, String(error));
        assert.equal(error.status, entry.error.status);
        assert.doesNotMatch(error.message, /upstream-secret/);
        return true;
      });
    });

    if (entry.chatModel && entry.midStreamError) {
      const chatModel = model(entry.chatModel);
      const prompt = entry.midStreamError;
      test('a mid-stream upstream error is raised by the SDK, never a fake stop', async () => {
        const stream = await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: prompt }], stream: true });
        const finishes: (string | null)[] = [];
        await assert.rejects(async () => {
          for await (const chunk of stream) finishes.push(chunk.choices[0]?.finish_reason ?? null);
        }, (error: unknown) => error instanceof OpenAI.APIError);
        assert.ok(!finishes.includes('stop'));
      });
    }
  });
}

describe('Ollama discovery through a live Qiao: /v1/models and /health', () => {
  let upstream: FakeUpstream;
  let up: RunningGateway;
  let down: RunningGateway;

  before(async () => {
    upstream = await startFakeUpstream({ 'GET /api/tags': () => ({ json: fixtureJson('ollama/__fixtures__/ollama-tags.json') }) });
    up = await startGateway({}, { OLLAMA_HOST: upstream.baseUrl });
    // Port 9 (discard) is closed here: an Ollama that is not running.
    down = await startGateway({}, { OLLAMA_HOST: '127.0.0.1:9' });
  });
  after(async () => {
    await up?.close();
    await down?.close();
    await upstream?.close();
  });

  test('OLLAMA_HOST alone: local models appear in /v1/models as ollama/<name:tag>', async () => {
    await up.gateway.registry.refresh();
    const client = new OpenAI({ baseURL: `${up.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const ids: string[] = [];
    for await (const listed of client.models.list()) ids.push(listed.id);
    assert.ok(ids.includes('ollama/deepseek-r1:8b'), ids.join(', '));
    assert.ok(ids.includes('ollama/llama3.2:latest'));
    const health = await (await fetch(`${up.url}/health`)).json() as { providers: Record<string, Record<string, unknown>> };
    assert.deepEqual([health.providers.ollama?.type, health.providers.ollama?.reachable, health.providers.ollama?.models], ['ollama', true, 3]);
  });

  test('an Ollama that is not running: startup is not blocked, /health says unreachable with the error, calls fail cleanly', async () => {
    await down.gateway.registry.refresh();
    const response = await fetch(`${down.url}/health`);
    assert.equal(response.status, 200);
    const health = await response.json() as { status: string; providers: Record<string, Record<string, unknown>> };
    assert.equal(health.status, 'ok');
    assert.equal(health.providers.ollama?.reachable, false);
    assert.match(String(health.providers.ollama?.last_error), /Could not reach upstream ollama \(ECONNREFUSED\)/);
    assert.ok(!Number.isNaN(Date.parse(String(health.providers.ollama?.checked_at))));
    const client = new OpenAI({ baseURL: `${down.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    await assert.rejects(client.chat.completions.create({ model: 'ollama/llama3.2', messages: [{ role: 'user', content: 'x' }] }),
      (error: unknown) => error instanceof OpenAI.InternalServerError && error.status === 502);
  });
});
