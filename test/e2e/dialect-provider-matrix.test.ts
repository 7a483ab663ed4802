/**
 * The full cross matrix: both inbound dialects — the official `openai` SDK on /v1/chat/completions
 * and the official `@anthropic-ai/sdk` on /v1/messages — against one live Qiao in front of every
 * provider family: mock, OpenAI-compatible, Anthropic, Gemini, Ollama, TGI (`/generate_stream`) and
 * Coze. Each cell: non-stream text, stream text (deltas joined, the stream ended the dialect's way)
 * and, where the provider has tools, a tool call streamed and not. The text asserted is the text the
 * fake sends, computed from its fixtures; finish reasons are written in the spec's vocabulary and
 * mapped to each dialect's.
 *
 * Errors, usage, embeddings and provider-specific details stay in anthropic-matrix, native-providers
 * and coze-gateway tests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { anthropicFixture, anthropicStreamedText, startFakeAnthropic } from '../support/anthropic-fake-upstream.js';
import { cozeAnswer, cozeBots, fakeCozeToken, startFakeCoze } from '../support/fake-coze.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { geminiAnswers, ollamaAnswers, startFakeGemini, startFakeOllama, startFakeTgi, tgiAnswers } from '../support/native-fakes.js';
import { openAIFakeText, openAIFakeToolCall, startFakeOpenAIChat } from '../support/openai-chat-fake.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

type Finish = 'stop' | 'length' | 'tool_calls';
type ToolCall = { name: string; arguments: Record<string, unknown> };

/** One provider family behind Qiao, and what each SDK must see from it. */
interface ProviderRow {
  family: string;
  model: string;
  nonStream: { text: string; finish: Finish };
  stream: { text: string; finish: Finish };
  tools?: { model: string; nonStream: ToolCall; stream: ToolCall };
}

const prompt = 'hello there';
const anthropicText = (JSON.parse(anthropicFixture('anthropic-text.json')) as { content: { text: string }[] }).content[0]!.text;

const providers: ProviderRow[] = [
  {
    family: 'mock', model: 'mock/mock-echo',
    nonStream: { text: prompt, finish: 'stop' }, stream: { text: prompt, finish: 'stop' },
    // The mock calls the first tool given with the prompt as its input.
    tools: { model: 'mock/mock-tools', nonStream: { name: 'get_weather', arguments: { input: prompt } }, stream: { name: 'get_weather', arguments: { input: prompt } } },
  },
  {
    family: 'openai-compatible', model: 'oai/gpt-4o-mini',
    nonStream: { text: openAIFakeText, finish: 'stop' }, stream: { text: openAIFakeText, finish: 'stop' },
    tools: { model: 'oai/gpt-4o-mini', nonStream: openAIFakeToolCall, stream: openAIFakeToolCall },
  },
  {
    family: 'anthropic', model: 'claude/claude-opus-4-6',
    nonStream: { text: anthropicText, finish: 'stop' }, stream: { text: anthropicStreamedText('anthropic-text.raw.txt'), finish: 'stop' },
    // The fake's recordings: a tool without arguments when not streamed, text then get_weather when streamed.
    tools: { model: 'claude/claude-opus-4-6', nonStream: { name: 'updateIssueList', arguments: {} }, stream: { name: 'get_weather', arguments: { location: 'Paris' } } },
  },
  {
    family: 'gemini', model: 'gemini/gemini-2.5-flash',
    // The recorded non-stream answer ended with MAX_TOKENS.
    nonStream: { text: geminiAnswers.text.nonStream, finish: 'length' }, stream: { text: geminiAnswers.text.stream, finish: 'stop' },
    tools: { model: 'gemini/gemini-2.5-flash', nonStream: geminiAnswers.tool!, stream: geminiAnswers.tool! },
  },
  {
    family: 'ollama', model: 'ollama/llama3.2',
    nonStream: { text: ollamaAnswers.text.nonStream, finish: 'stop' }, stream: { text: ollamaAnswers.text.stream, finish: 'stop' },
    tools: { model: 'ollama/llama3.2', nonStream: ollamaAnswers.tool!, stream: ollamaAnswers.tool! },
  },
  {
    family: 'huggingface tgi-generate', model: 'tgi/tgi',
    // /generate ended with `length`, /generate_stream with `eos_token`.
    nonStream: { text: tgiAnswers.text.nonStream, finish: 'length' }, stream: { text: tgiAnswers.text.stream, finish: 'stop' },
  },
  {
    family: 'coze', model: `coze/${cozeBots.ok}`,
    nonStream: { text: cozeAnswer, finish: 'stop' }, stream: { text: cozeAnswer, finish: 'stop' },
  },
];

/** One SDK, reduced to what the matrix asks of it; `stop` is in the dialect's own vocabulary. */
interface DialectClient {
  text(model: string, stream: boolean): Promise<{ text: string; stop: string | null }>;
  tool(model: string, name: string, stream: boolean): Promise<{ name: string; arguments: unknown; stop: string | null }>;
}

interface DialectRow {
  name: string;
  stops: Record<Finish, string>;
  connect: (url: string) => DialectClient;
}

/** The openai SDK; a stream must carry exactly one `finish_reason`. */
function openAIClient(url: string): DialectClient {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const messages = [{ role: 'user' as const, content: prompt }];
  return {
    async text(model, stream) {
      if (!stream) {
        const completion = await client.chat.completions.create({ model, messages });
        return { text: completion.choices[0]!.message.content ?? '', stop: completion.choices[0]!.finish_reason };
      }
      let text = '';
      const finishes: string[] = [];
      for await (const chunk of await client.chat.completions.create({ model, messages, stream: true })) {
        for (const choice of chunk.choices) {
          text += choice.delta.content ?? '';
          if (choice.finish_reason) finishes.push(choice.finish_reason);
        }
      }
      assert.equal(finishes.length, 1, `one finish_reason, got ${JSON.stringify(finishes)}`);
      return { text, stop: finishes[0]! };
    },
    async tool(model, name, stream) {
      const params = { model, messages, tools: [{ type: 'function' as const, function: { name, parameters: { type: 'object', properties: {} } } }] };
      const completion = stream ? await client.chat.completions.stream(params).finalChatCompletion() : await client.chat.completions.create(params);
      const call = completion.choices[0]!.message.tool_calls?.[0];
      assert.ok(call?.type === 'function', 'a function tool call');
      assert.ok(call.id, 'the tool call has an id');
      return { name: call.function.name, arguments: JSON.parse(call.function.arguments) as unknown, stop: completion.choices[0]!.finish_reason };
    },
  };
}

/** The Anthropic SDK; a stream must open with `message_start` and end with `message_stop`. */
function anthropicClient(url: string): DialectClient {
  const client = new Anthropic({ baseURL: url, apiKey: 'unused', maxRetries: 0 });
  const ask = (model: string) => ({ model, max_tokens: 256, messages: [{ role: 'user' as const, content: prompt }] });
  return {
    async text(model, stream) {
      if (!stream) {
        const message = await client.messages.create(ask(model));
        return { text: message.content.map((block) => (block.type === 'text' ? block.text : '')).join(''), stop: message.stop_reason };
      }
      let text = '';
      let stop: string | null = null;
      const events: string[] = [];
      for await (const event of await client.messages.create({ ...ask(model), stream: true })) {
        events.push(event.type);
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
        if (event.type === 'message_delta') stop = event.delta.stop_reason;
      }
      assert.deepEqual([events[0], events.at(-1)], ['message_start', 'message_stop'], events.join(' '));
      assert.equal(events.filter((type) => type === 'message_stop').length, 1, events.join(' '));
      return { text, stop };
    },
    async tool(model, name, stream) {
      const params = { ...ask(model), tools: [{ name, input_schema: { type: 'object' as const, properties: {} } }] };
      const message = stream ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
      const call = message.content.find((block) => block.type === 'tool_use');
      assert.ok(call?.type === 'tool_use', 'a tool_use block');
      assert.ok(call.id, 'the tool_use block has an id');
      return { name: call.name, arguments: call.input, stop: message.stop_reason };
    },
  };
}

const dialects: DialectRow[] = [
  { name: 'openai SDK on /v1/chat/completions', stops: { stop: 'stop', length: 'length', tool_calls: 'tool_calls' }, connect: openAIClient },
  { name: '@anthropic-ai/sdk on /v1/messages', stops: { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' }, connect: anthropicClient },
];

let upstreams: FakeUpstream[] = [];
let qiao: RunningGateway;

before(async () => {
  const [oai, claude, gemini, ollama, tgi, coze] = upstreams = await Promise.all([
    startFakeOpenAIChat(), startFakeAnthropic(), startFakeGemini(), startFakeOllama(), startFakeTgi(), startFakeCoze(),
  ]);
  qiao = await startGateway({
    providers: {
      mock: { paceMs: 0 },
      oai: { type: 'openai-compatible', baseUrl: `${oai!.baseUrl}/v1`, apiKey: 'sk-oai', models: ['gpt-4o-mini'] },
      claude: { type: 'anthropic', baseUrl: claude!.baseUrl, apiKey: 'sk-ant-secret', models: ['claude-opus-4-6'], defaultMaxTokens: 1000 },
      gemini: { type: 'gemini', baseUrl: gemini!.baseUrl, apiKey: 'AIza-upstream-secret', discoverModels: false },
      ollama: { type: 'ollama', baseUrl: ollama!.baseUrl, discoverModels: false },
      tgi: { type: 'tgi-generate', baseUrl: tgi!.baseUrl },
      coze: { type: 'coze', apiKey: fakeCozeToken, baseUrl: coze!.baseUrl, models: [cozeBots.ok] },
    },
  });
});
after(async () => {
  await qiao?.close();
  await Promise.all(upstreams.map((upstream) => upstream.close()));
});

for (const dialect of dialects) {
  for (const provider of providers) {
    describe(`${dialect.name} → Qiao → ${provider.family}`, () => {
      const client = () => dialect.connect(qiao.url);

      test('non-stream text', async () => {
        const answer = await client().text(provider.model, false);
        assert.deepEqual(answer, { text: provider.nonStream.text, stop: dialect.stops[provider.nonStream.finish] });
      });

      test('stream text', async () => {
        const answer = await client().text(provider.model, true);
        assert.deepEqual(answer, { text: provider.stream.text, stop: dialect.stops[provider.stream.finish] });
      });

      const tools = provider.tools;
      if (tools) {
        for (const stream of [false, true]) {
          test(`${stream ? 'stream' : 'non-stream'} tool call`, async () => {
            const expected = stream ? tools.stream : tools.nonStream;
            const call = await client().tool(tools.model, expected.name, stream);
            assert.deepEqual(call, { ...expected, stop: dialect.stops.tool_calls });
          });
        }
      }
    });
  }
}
