/**
 * The cross matrix: each official SDK (`@anthropic-ai/sdk` on /v1/messages, `openai` on
 * /v1/chat/completions) against a live Qiao backed by each kind of provider (the mock, a fake
 * OpenAI-compatible upstream, the fake Anthropic upstream) — stream and non-stream, tools, errors.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { anthropicFixture, startFakeAnthropic } from '../support/anthropic-fake-upstream.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { openAIFakeText, openAIFakeToolCall, startFakeOpenAIChat } from '../support/openai-chat-fake.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const weatherSchema = { type: 'object' as const, properties: { location: { type: 'string' } }, required: ['location'] };
interface Backend {
  name: string;
  model: string;
  toolsModel: string;
  text: (stream: boolean, prompt: string) => string;
  tool: (stream: boolean, prompt: string) => { name: string; input: unknown };
  /** Prompts that fail upstream with 429, and mid-stream; absent where the backend cannot. */
  failures: boolean;
}

const backends: Backend[] = [
  { name: 'mock provider', model: 'mock/mock-echo', toolsModel: 'mock/mock-tools', failures: false,
    text: (_, prompt) => prompt, tool: (_, prompt) => ({ name: 'get_weather', input: { input: prompt } }) },
  { name: 'OpenAI-compatible upstream', model: 'oai/gpt-4o-mini', toolsModel: 'oai/gpt-4o-mini', failures: true,
    text: () => openAIFakeText, tool: () => ({ name: openAIFakeToolCall.name, input: openAIFakeToolCall.arguments }) },
  { name: 'Anthropic upstream', model: 'claude/claude-opus-4-6', toolsModel: 'claude/claude-opus-4-6', failures: true,
    text: (stream) => (stream ? 'Hello' : (JSON.parse(anthropicFixture('anthropic-text.json')) as { content: { text: string }[] }).content[0]!.text),
    tool: (stream) => (stream ? { name: 'get_weather', input: { location: 'Paris' } } : { name: 'updateIssueList', input: {} }) },
];

/** One SDK, reduced to what the matrix asks of it. */
interface Client {
  text(model: string, prompt: string, stream: boolean): Promise<{ text: string; stop: string | null }>;
  tool(model: string, prompt: string, stream: boolean): Promise<{ name: string; input: unknown; stop: string | null }>;
  isRateLimit(error: unknown): boolean;
  isNotFound(error: unknown): boolean;
  isApiError(error: unknown): boolean;
}

function anthropicClient(url: string): Client {
  const client = new Anthropic({ baseURL: url, apiKey: 'unused', maxRetries: 0 });
  const tools = [{ name: 'get_weather', description: 'Weather for a city', input_schema: weatherSchema }];
  const ask = (model: string, prompt: string) => ({ model, max_tokens: 256, messages: [{ role: 'user' as const, content: prompt }] });
  const final = (model: string, prompt: string, stream: boolean, withTools: boolean) => {
    const params = { ...ask(model, prompt), ...(withTools && { tools }) };
    return stream ? client.messages.stream(params).finalMessage() : client.messages.create(params);
  };
  return {
    async text(model, prompt, stream) {
      const message = await final(model, prompt, stream, false);
      return { text: message.content.map((block) => (block.type === 'text' ? block.text : '')).join(''), stop: message.stop_reason };
    },
    async tool(model, prompt, stream) {
      const message = await final(model, prompt, stream, true);
      const call = message.content.find((block) => block.type === 'tool_use');
      assert.ok(call?.type === 'tool_use', 'a tool_use block');
      return { name: call.name, input: call.input, stop: message.stop_reason };
    },
    isRateLimit: (error) => error instanceof Anthropic.RateLimitError,
    isNotFound: (error) => error instanceof Anthropic.NotFoundError,
    isApiError: (error) => error instanceof Anthropic.APIError,
  };
}

function openAIClient(url: string): Client {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const tools = [{ type: 'function' as const, function: { name: 'get_weather', parameters: weatherSchema } }];
  const final = async (model: string, prompt: string, stream: boolean, withTools: boolean) => {
    const params = { model, messages: [{ role: 'user' as const, content: prompt }], ...(withTools && { tools }) };
    return stream ? client.chat.completions.stream(params).finalChatCompletion() : client.chat.completions.create(params);
  };
  return {
    async text(model, prompt, stream) {
      const completion = await final(model, prompt, stream, false);
      return { text: completion.choices[0]!.message.content ?? '', stop: completion.choices[0]!.finish_reason };
    },
    async tool(model, prompt, stream) {
      const completion = await final(model, prompt, stream, true);
      const call = completion.choices[0]!.message.tool_calls?.[0];
      assert.ok(call?.type === 'function', 'a function tool call');
      return { name: call.function.name, input: JSON.parse(call.function.arguments), stop: completion.choices[0]!.finish_reason };
    },
    isRateLimit: (error) => error instanceof OpenAI.RateLimitError,
    isNotFound: (error) => error instanceof OpenAI.NotFoundError,
    isApiError: (error) => error instanceof OpenAI.APIError,
  };
}

const clients: { name: string; make: (url: string) => Client; stops: { text: string; tool: string }; backends: string[] }[] = [
  { name: '@anthropic-ai/sdk on /v1/messages', make: anthropicClient, stops: { text: 'end_turn', tool: 'tool_use' }, backends: backends.map((backend) => backend.name) },
  { name: 'openai SDK on /v1/chat/completions', make: openAIClient, stops: { text: 'stop', tool: 'tool_calls' }, backends: ['Anthropic upstream', 'mock provider'] },
];

let openAIUpstream: FakeUpstream;
let anthropicUpstream: FakeUpstream;
let qiao: RunningGateway;

before(async () => {
  openAIUpstream = await startFakeOpenAIChat();
  anthropicUpstream = await startFakeAnthropic();
  qiao = await startGateway({
    providers: {
      mock: { paceMs: 0 },
      oai: { type: 'openai-compatible', baseUrl: `${openAIUpstream.baseUrl}/v1`, apiKey: 'sk-oai', models: ['gpt-4o-mini'] },
      claude: { type: 'anthropic', baseUrl: anthropicUpstream.baseUrl, apiKey: 'sk-ant-secret', models: ['claude-opus-4-6'], defaultMaxTokens: 1000 },
    },
  });
});
after(async () => {
  await qiao?.close();
  await openAIUpstream?.close();
  await anthropicUpstream?.close();
});

for (const clientRow of clients) {
  for (const backend of backends.filter((row) => clientRow.backends.includes(row.name))) {
    describe(`${clientRow.name} → Qiao → ${backend.name}`, () => {
      const client = () => clientRow.make(qiao.url);

      for (const stream of [false, true]) {
        const mode = stream ? 'stream' : 'non-stream';
        test(`${mode} text`, async () => {
          const answer = await client().text(backend.model, 'hello there', stream);
          assert.deepEqual(answer, { text: backend.text(stream, 'hello there'), stop: clientRow.stops.text });
        });

        test(`${mode} tool call`, async () => {
          const call = await client().tool(backend.toolsModel, 'weather in Paris?', stream);
          assert.deepEqual(call, { ...backend.tool(stream, 'weather in Paris?'), stop: clientRow.stops.tool });
        });
      }

      test('an unknown model is the SDK\'s NotFoundError', async () => {
        const error = await client().text('no-such-model-anywhere', 'hi', false).catch((thrown: unknown) => thrown);
        assert.ok(client().isNotFound(error), String(error));
      });

      if (backend.failures) {
        test('an upstream 429 is the SDK\'s RateLimitError, before and at the start of a stream', async () => {
          for (const stream of [false, true]) {
            const error = await client().text(backend.model, 'rate limit me', stream).catch((thrown: unknown) => thrown);
            assert.ok(client().isRateLimit(error), `${stream ? 'stream' : 'non-stream'}: ${String(error)}`);
          }
        });

        test('a failure mid-stream is the SDK\'s APIError, never a finished answer', async () => {
          const error = await client().text(backend.model, 'fail mid-stream', true).catch((thrown: unknown) => thrown);
          assert.ok(client().isApiError(error), String(error));
        });
      }
    });
  }
}
