import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ClientClosedError, InvalidRequestError } from '../../errors/index.js';
import type { ChatRequest, StreamPart } from '../../spec/index.js';
import { mockEmbeddingDimensions, mockMaxDimensions } from './mock-embedding-model.js';
import { MockProvider } from './mock-provider.js';
import { mockAnswerLimit } from './mock-text.js';
import { mockProviderType } from './mock-type.js';

const provider = new MockProvider({ name: 'mock', paceMs: 0 });

async function streamOf(modelId: string, request: ChatRequest, signal?: AbortSignal): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of await provider.chatModel(modelId).stream(request, { abortSignal: signal })) parts.push(part);
  return parts;
}

const ask = (content: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content }], ...extra });
const deltas = (parts: StreamPart[], type: 'text-delta' | 'reasoning-delta', index = 0): string[] =>
  parts.flatMap((part) => (part.type === type && part.index === index ? [part.text] : []));

function norm(vector: number[]): number {
  return Math.sqrt(vector.reduce((total, value) => total + value * value, 0));
}

function cosine(a: number[], b: number[]): number {
  return a.reduce((total, value, i) => total + value * b[i]!, 0) / (norm(a) * norm(b));
}

describe('MockProvider', () => {
  it('is configured and lists its models', () => {
    assert.equal(provider.name, 'mock');
    assert.equal(provider.configured, true);
    assert.deepEqual(provider.configuredModels.map((model) => model.id), ['mock-echo', 'mock-think', 'mock-tools', 'mock-embed']);
    const created = mockProviderType.create({ name: 'offline', type: 'mock' }, {});
    assert.equal(created.name, 'offline');
    assert.equal(created.chatModel('mock-echo').provider, 'offline');
  });

  it('echoes the last user message word by word', async () => {
    const parts = await streamOf('mock-echo', {
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'first answer' },
        { role: 'user', content: 'Hello there, world!' },
      ],
    });
    assert.deepEqual(parts, [
      { type: 'stream-start', warnings: [] },
      { type: 'text-delta', index: 0, text: 'Hello' },
      { type: 'text-delta', index: 0, text: ' there,' },
      { type: 'text-delta', index: 0, text: ' world!' },
      { type: 'finish', index: 0, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 3 } },
    ]);
  });

  it('streams Chinese one character per piece', async () => {
    const parts = await streamOf('mock-echo', ask('你好，世界 ok'));
    assert.deepEqual(deltas(parts, 'text-delta'), ['你', '好', '，', '世', '界', ' ok']);
    assert.equal(deltas(parts, 'text-delta').join(''), '你好，世界 ok');
  });

  it('keeps whitespace so pieces concatenate back exactly', async () => {
    const text = '  line one\n\tline  two  ';
    assert.equal(deltas(await streamOf('mock-echo', ask(text)), 'text-delta').join(''), text);
  });

  it('reads text parts of a multi-part user message', async () => {
    const parts = await streamOf('mock-echo', { messages: [{ role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image', url: 'https://example.com/a.png' }, { type: 'text', text: 'here' }] }] });
    assert.equal(deltas(parts, 'text-delta').join(''), 'look  here');
  });

  it('greets when there is no user text', async () => {
    const result = await provider.chatModel('mock-echo').generate({ messages: [{ role: 'system', content: 'x' }] }, {});
    assert.equal(result.choices[0]?.content, 'Hello from the Qiao mock model. Send a message and it is echoed back.');
  });

  it('any other model name echoes', async () => {
    const model = provider.chatModel('gpt-4o-mini');
    assert.equal(model.modelId, 'gpt-4o-mini');
    assert.equal((await model.generate(ask('hi there'), {})).choices[0]?.content, 'hi there');
  });

  it('maxTokens cuts the answer with finish "length"', async () => {
    const parts = await streamOf('mock-echo', ask('one two three four five', { maxTokens: 2 }));
    assert.deepEqual(deltas(parts, 'text-delta'), ['one', ' two']);
    assert.deepEqual(parts.slice(-2), [
      { type: 'finish', index: 0, finishReason: 'length' },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 2 } },
    ]);
    const exact = await provider.chatModel('mock-echo').generate(ask('one two', { maxTokens: 2 }), {});
    assert.equal(exact.choices[0]?.finishReason, 'stop', 'an answer that fits is not cut');
    const chinese = await provider.chatModel('mock-echo').generate(ask('你好世界', { maxTokens: 3 }), {});
    assert.deepEqual([chinese.choices[0]?.content, chinese.choices[0]?.finishReason], ['你好世', 'length']);
  });

  it('answers at most mockAnswerLimit, like a real model\'s output limit, with finish "length"', async () => {
    const words = await provider.chatModel('mock-echo').generate(ask('桥'.repeat(10_000)), {});
    assert.deepEqual([words.choices[0]?.content?.length, words.choices[0]?.finishReason], [mockAnswerLimit.pieces, 'length']);
    const long = await provider.chatModel('mock-echo').generate(ask('x'.repeat(100_000)), {});
    assert.deepEqual([long.choices[0]?.content?.length, long.choices[0]?.finishReason], [mockAnswerLimit.characters, 'length']);
  });

  it('stop sequences end the answer before the sequence', async () => {
    const model = provider.chatModel('mock-echo');
    const cases: Array<[string, string[], string]> = [
      ['alpha beta gamma', [' gamma'], 'alpha beta'],
      ['alpha beta gamma', ['ta g'], 'alpha be'],
      ['alpha beta gamma', ['beta gamma'], 'alpha '],
      ['alpha beta gamma', ['zzz', 'ph', 'beta'], 'al'],
      ['你好，世界', ['世'], '你好，'],
      ['alpha beta', ['alpha'], ''],
    ];
    for (const [prompt, stop, expected] of cases) {
      const result = await model.generate(ask(prompt, { stop }), {});
      assert.equal(result.choices[0]?.content, expected, `${prompt} / ${JSON.stringify(stop)}`);
      assert.equal(result.choices[0]?.finishReason, 'stop');
      const parts = await streamOf('mock-echo', ask(prompt, { stop }));
      assert.equal(deltas(parts, 'text-delta').join(''), expected);
    }
  });

  it('n = 2 produces two choices, each finished, and usage once', async () => {
    const parts = await streamOf('mock-echo', ask('hi you', { n: 2 }));
    assert.deepEqual(parts, [
      { type: 'stream-start', warnings: [] },
      { type: 'text-delta', index: 0, text: 'hi' },
      { type: 'text-delta', index: 0, text: ' you' },
      { type: 'finish', index: 0, finishReason: 'stop' },
      { type: 'text-delta', index: 1, text: 'hi' },
      { type: 'text-delta', index: 1, text: ' you' },
      { type: 'finish', index: 1, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 2, outputTokens: 4 } },
    ]);
    const result = await provider.chatModel('mock-echo').generate(ask('hi you', { n: 2 }), {});
    assert.deepEqual(result.choices.map((choice) => [choice.index, choice.content]), [[0, 'hi you'], [1, 'hi you']]);
    assert.deepEqual(result.usage, { inputTokens: 2, outputTokens: 4 });
  });

  it('mock-think reasons before answering', async () => {
    const parts = await streamOf('mock-think', ask('red green blue'));
    const reasoning = deltas(parts, 'reasoning-delta');
    assert.equal(reasoning.join(''), 'The user wrote 3 words; I will repeat them.');
    assert.equal(deltas(parts, 'text-delta').join(''), 'red green blue');
    const firstText = parts.findIndex((part) => part.type === 'text-delta');
    const lastReasoning = parts.map((part) => part.type).lastIndexOf('reasoning-delta');
    assert.ok(lastReasoning < firstText, 'reasoning comes first');
    assert.deepEqual(parts.at(-1), { type: 'usage', usage: { inputTokens: 3, outputTokens: reasoning.length + 3, reasoningTokens: reasoning.length } });

    const result = await provider.chatModel('mock-think').generate(ask('red green blue'), {});
    assert.deepEqual(result.choices, [{ index: 0, content: 'red green blue', reasoning: 'The user wrote 3 words; I will repeat them.', finishReason: 'stop' }]);
    assert.equal(result.usage?.reasoningTokens, reasoning.length);
  });

  const withTools: ChatRequest = ask('北京天气', {
    tools: [{ name: 'get_weather', parameters: { type: 'object' } }, { name: 'other' }],
  });

  it('mock-tools calls the first tool with the prompt as input', async () => {
    const args = JSON.stringify({ input: '北京天气' });
    const parts = await streamOf('mock-tools', withTools);
    assert.deepEqual(parts, [
      { type: 'stream-start', warnings: [] },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_mock_0', name: 'get_weather', argumentsDelta: args },
      { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'call_mock_0', name: 'get_weather', arguments: args },
      { type: 'finish', index: 0, finishReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 4, outputTokens: 1 } },
    ]);
    const result = await provider.chatModel('mock-tools').generate(withTools, {});
    assert.deepEqual(result.choices, [{ index: 0, content: null, toolCalls: [{ id: 'call_mock_0', name: 'get_weather', arguments: args }], finishReason: 'tool_calls' }]);
  });

  it('mock-tools echoes when there are no tools or toolChoice is "none"', async () => {
    assert.equal((await provider.chatModel('mock-tools').generate(ask('plain'), {})).choices[0]?.content, 'plain');
    const none = await provider.chatModel('mock-tools').generate({ ...withTools, toolChoice: 'none' }, {});
    assert.deepEqual([none.choices[0]?.content, none.choices[0]?.finishReason, none.choices[0]?.toolCalls], ['北京天气', 'stop', undefined]);
  });

  it('generate and stream agree', async () => {
    for (const model of ['mock-echo', 'mock-think', 'mock-tools']) {
      const request = { ...withTools, maxTokens: 3 };
      const result = await provider.chatModel(model).generate(request, {});
      const parts = await streamOf(model, request);
      const finish = parts.find((part) => part.type === 'finish');
      assert.equal(finish?.type === 'finish' && finish.finishReason, result.choices[0]?.finishReason, model);
      assert.equal(deltas(parts, 'text-delta').join('') || null, result.choices[0]?.content, model);
      const usage = parts.find((part) => part.type === 'usage');
      assert.deepEqual(usage?.type === 'usage' && usage.usage, result.usage, model);
    }
  });

  describe('pace and abort', () => {
    it('an abort while a piece is pending ends the stream with ClientClosedError', async () => {
      const controller = new AbortController();
      const request = ask('one two three', { providerOptions: { mock_pace_ms: 60_000 } });
      const iterator = (await provider.chatModel('mock-echo').stream(request, { abortSignal: controller.signal }))[Symbol.asyncIterator]();
      assert.deepEqual((await iterator.next()).value, { type: 'stream-start', warnings: [] });
      const pending = iterator.next();
      controller.abort();
      const next = await pending;
      assert.ok(next.value?.type === 'error' && next.value.error instanceof ClientClosedError);
      assert.equal((await iterator.next()).done, true);
    });

    it('an already aborted signal stops before the first piece, even without pacing', async () => {
      const controller = new AbortController();
      controller.abort();
      const parts = await streamOf('mock-think', ask('hello'), controller.signal);
      assert.equal(parts.length, 2);
      assert.equal(parts[0]?.type, 'stream-start');
      assert.ok(parts[1]?.type === 'error' && parts[1].error instanceof ClientClosedError);
    });

    it('abort during a paced generate rejects with ClientClosedError', async () => {
      const controller = new AbortController();
      const slow = new MockProvider({ name: 'mock', paceMs: 60_000 });
      const call = slow.chatModel('mock-echo').generate(ask('one two'), { abortSignal: controller.signal });
      controller.abort();
      await assert.rejects(call, ClientClosedError);
    });

    it('mock_pace_ms: 0 overrides a slow provider pace', async () => {
      const slow = new MockProvider({ name: 'mock', paceMs: 60_000 });
      const result = await slow.chatModel('mock-echo').generate(ask('fast please', { providerOptions: { mock_pace_ms: 0 } }), {});
      assert.equal(result.choices[0]?.content, 'fast please');
    });
  });

  describe('embeddings', () => {
    const model = provider.embeddingModel('mock-embed');

    it('same text → same vector, unit norm, default dimensions', async () => {
      const first = await model.embed({ input: ['the quick brown fox', '你好世界', 'the quick brown fox'] }, {});
      const second = await new MockProvider({ name: 'other', paceMs: 5 }).embeddingModel('mock-embed').embed({ input: ['the quick brown fox'] }, {});
      assert.equal(first.embeddings.length, 3);
      for (const vector of first.embeddings) {
        assert.equal(vector.length, mockEmbeddingDimensions);
        assert.ok(Math.abs(norm(vector) - 1) < 1e-9, `norm ${norm(vector)}`);
      }
      assert.deepEqual(first.embeddings[0], first.embeddings[2]);
      assert.deepEqual(first.embeddings[0], second.embeddings[0]);
      assert.notDeepEqual(first.embeddings[0], first.embeddings[1]);
      assert.deepEqual(first.warnings, []);
      assert.equal(first.inputTokens, 4 + 4 + 4);
    });

    it('honours dimensions', async () => {
      const result = await model.embed({ input: ['hello world', 'hello'], dimensions: 32 }, {});
      for (const vector of result.embeddings) {
        assert.equal(vector.length, 32);
        assert.ok(Math.abs(norm(vector) - 1) < 1e-9);
      }
      const largest = await model.embed({ input: ['hello'], dimensions: mockMaxDimensions }, {});
      assert.equal(largest.embeddings[0]!.length, mockMaxDimensions);
      await assert.rejects(model.embed({ input: ['hello'], dimensions: 2 ** 31 }, {}), (error: Error) => error instanceof InvalidRequestError && /dimensions/.test(error.message));
    });

    it('texts sharing words are closer than unrelated texts, ignoring case', async () => {
      const [base, similar, unrelated, upper] = (await model.embed({ input: ['red apple pie', 'red apple tart', 'quantum field theory', 'RED APPLE PIE'] }, {})).embeddings;
      assert.ok(cosine(base!, similar!) > cosine(base!, unrelated!));
      assert.deepEqual(base, upper);
    });
  });
});
