import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture, sseFromFixture } from '../../../test/support/fake-upstream.js';
import { ClientClosedError, UpstreamConnectionError, UpstreamError, UpstreamProtocolError } from '../../errors/index.js';
import type { StreamPart, Usage, Warning } from '../../spec/index.js';
import { OpenAICompatibleStreamState } from './openai-compatible-stream.js';
import { streamParts } from './stream-parts.js';

const fixturesDir = new URL('./__fixtures__/', import.meta.url);
const encoder = new TextEncoder();

/** The `data:` payloads of a fixture, `.chunks.txt` or `.raw.txt`. */
function payloadsOf(name: string): string[] {
  const text = readFixture(fixturesDir, name);
  if (name.endsWith('.chunks.txt')) return sseFromFixture(text);
  return text.split('\n\n').map((block) => block.trim()).filter((block) => block.startsWith('data: ')).map((block) => block.slice(6));
}

/** The raw SSE body of a fixture as the upstream would send it. */
function bodyOf(name: string): string {
  const text = readFixture(fixturesDir, name);
  return name.endsWith('.raw.txt') ? text : sseFromFixture(text).map((payload) => `data: ${payload}\n\n`).join('');
}

/** Drives the pure state machine the way streamParts does: stop at [DONE] or at the first error. */
function replay(payloads: string[], provider = 'test'): StreamPart[] {
  const state = new OpenAICompatibleStreamState(provider);
  const parts: StreamPart[] = [];
  for (const payload of payloads) {
    if (payload === '[DONE]') {
      state.markDone();
      continue;
    }
    if (state.isComplete) continue;
    state.push(JSON.parse(payload), parts);
    if (state.hasFailed) return parts;
  }
  state.end(parts);
  return parts;
}

async function* bytesIn(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) yield chunk;
}

async function collect(iterable: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of iterable) parts.push(part);
  return parts;
}

function cut(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

const text = (...pieces: string[]): StreamPart[] => pieces.map((piece) => ({ type: 'text-delta', index: 0, text: piece }));
const reasoning = (...pieces: string[]): StreamPart[] => pieces.map((piece) => ({ type: 'reasoning-delta', index: 0, text: piece }));
const finish = (finishReason: 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'other', index = 0): StreamPart => ({ type: 'finish', index, finishReason });
const usage = (value: Usage): StreamPart => ({ type: 'usage', usage: value });

function joined(parts: StreamPart[], type: 'text-delta' | 'reasoning-delta', index = 0): string {
  return parts.map((part) => (part.type === type && part.index === index ? part.text : '')).join('');
}

/** Expected parts (after `stream-start`) of each fixture whose stream completes. */
const completeStreams: Record<string, StreamPart[]> = {
  'openai-text.chunks.txt': [
    ...text('Hello', '!', ' How', ' can', ' I', ' assist', ' you', ' today', '?'),
    finish('stop'),
    usage({ inputTokens: 19, outputTokens: 10, reasoningTokens: 0, cachedInputTokens: 0 }),
  ],
  'openai-tool-call.chunks.txt': [
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_O17Uplv4lJvD6DVdIvFFeRMw', name: 'test-tool', argumentsDelta: '' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '{"' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: 'value' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '":"' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: 'Sparkle Day"}' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 1, id: 'call_Xp2LkQ8rT5vN1mB7cJ4hW9sD', name: 'get_current_weather', argumentsDelta: '' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 1, argumentsDelta: '{"loc' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 1, argumentsDelta: 'ation": "Bos' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 1, argumentsDelta: 'ton, MA"}' },
    { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'call_O17Uplv4lJvD6DVdIvFFeRMw', name: 'test-tool', arguments: '{"value":"Sparkle Day"}' },
    { type: 'tool-call', index: 0, toolCallIndex: 1, id: 'call_Xp2LkQ8rT5vN1mB7cJ4hW9sD', name: 'get_current_weather', arguments: '{"location": "Boston, MA"}' },
    finish('tool_calls'),
    usage({ inputTokens: 53, outputTokens: 34 }),
  ],
  'dashscope-reasoning.chunks.txt': [
    ...reasoning('We', ' are', ' asked', ' how', ' many', ' r', "'s", ' are', ' in', ' "strawberry".', ' s-t-r-a-w-b-e-r-r-y', ': r', ' at', ' 3', ', 8', ', 9.'),
    ...text('The', ' word', ' "strawberry"', ' contains', ' **', '3**', ' letter', ' r', "'s."),
    finish('stop'),
    usage({ inputTokens: 24, outputTokens: 1355, reasoningTokens: 1084, cachedInputTokens: 0 }),
  ],
  'dashscope-tool-call.chunks.txt': [
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_eee11723464a4b9eb8cee71d', name: 'weather', argumentsDelta: '' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '{"location": "San Francisco' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '"}' },
    { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'call_eee11723464a4b9eb8cee71d', name: 'weather', arguments: '{"location": "San Francisco"}' },
    finish('tool_calls'),
    usage({ inputTokens: 295, outputTokens: 22, cachedInputTokens: 0 }),
  ],
  'deepseek-reasoning.raw.txt': [
    ...reasoning('The', ' user', ' says', ' hello', '.', ' I', ' should', ' greet', ' back', '.'),
    ...text('Hello', '!', ' How', ' can', ' I', ' help', '?'),
    finish('stop'),
    usage({ inputTokens: 18, outputTokens: 219, reasoningTokens: 205, cachedInputTokens: 0 }),
  ],
  'moonshot-usage-in-choice.chunks.txt': [
    ...text('你好', '，', '李雷', '！', '1', '+', '1', '等于', '2', '。'),
    finish('stop'),
    usage({ inputTokens: 19, outputTokens: 13 }),
  ],
};

/** Fixtures that break mid-stream: the text before the break, and what the error must say. */
const failingStreams: Record<string, { before: StreamPart[]; message: RegExp; upstreamCode?: string }> = {
  'openai-error-in-stream.chunks.txt': {
    before: text('San', ' Francisco', ' is'),
    message: /^Upstream test failed mid-stream: The server had an error while processing your request\. Sorry about that!$/,
  },
  'zhipu-error-in-stream.chunks.txt': {
    before: text('你好', '，我是', '智谱'),
    message: /^Upstream test failed mid-stream: 该模型当前访问量过大，请您稍后再试$/,
    upstreamCode: '1305',
  },
};

function assertMidStreamError(parts: StreamPart[], expected: { before: StreamPart[]; message: RegExp; upstreamCode?: string }): void {
  assert.deepEqual(parts.slice(0, -1), expected.before);
  const last = parts.at(-1);
  assert.equal(last?.type, 'error');
  if (last?.type !== 'error') return;
  assert.ok(last.error instanceof UpstreamError);
  assert.match(last.error.message, expected.message);
  assert.equal(last.error.status, 502);
  assert.equal(last.error.provider, 'test');
  assert.equal(last.error.upstreamCode, expected.upstreamCode);
}

describe('OpenAICompatibleStreamState over recorded fixtures', () => {
  for (const [name, expected] of Object.entries(completeStreams)) {
    it(`${name} → exact parts`, () => {
      assert.deepEqual(replay(payloadsOf(name)), expected);
    });
  }

  it('text deltas concatenate to the answer; reasoning deltas to the reasoning', () => {
    assert.equal(joined(replay(payloadsOf('openai-text.chunks.txt')), 'text-delta'), 'Hello! How can I assist you today?');
    const dashscope = replay(payloadsOf('dashscope-reasoning.chunks.txt'));
    assert.equal(joined(dashscope, 'reasoning-delta'), 'We are asked how many r\'s are in "strawberry". s-t-r-a-w-b-e-r-r-y: r at 3, 8, 9.');
    assert.equal(joined(dashscope, 'text-delta'), 'The word "strawberry" contains **3** letter r\'s.');
    const deepseek = replay(payloadsOf('deepseek-reasoning.raw.txt'));
    assert.equal(joined(deepseek, 'reasoning-delta'), 'The user says hello. I should greet back.');
    assert.equal(joined(deepseek, 'text-delta'), 'Hello! How can I help?');
    assert.equal(joined(replay(payloadsOf('moonshot-usage-in-choice.chunks.txt')), 'text-delta'), '你好，李雷！1+1等于2。');
  });

  it('never emits empty deltas (role chunks, `content:""`, `reasoning_content:""`, empty argument fragments)', () => {
    for (const name of Object.keys(completeStreams)) {
      for (const part of replay(payloadsOf(name))) {
        if (part.type === 'text-delta' || part.type === 'reasoning-delta') assert.notEqual(part.text, '', name);
        if (part.type === 'tool-call-delta' && part.id === undefined) assert.notEqual(part.argumentsDelta, '', name);
      }
    }
  });

  it('DashScope `"id":""` continuations keep the first id', () => {
    const parts = replay(payloadsOf('dashscope-tool-call.chunks.txt'));
    const ids = parts.flatMap((part) => (part.type === 'tool-call-delta' || part.type === 'tool-call') && part.id !== undefined ? [part.id] : []);
    assert.deepEqual(ids, ['call_eee11723464a4b9eb8cee71d', 'call_eee11723464a4b9eb8cee71d']);
  });

  for (const [name, expected] of Object.entries(failingStreams)) {
    it(`${name} → the text so far, then one error part and nothing after`, () => {
      assertMidStreamError(replay(payloadsOf(name)), expected);
    });
  }
});

describe('OpenAICompatibleStreamState edge cases', () => {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string => JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices, ...extra });
  const delta = (value: Record<string, unknown>, finishReason: string | null = null, index = 0): Record<string, unknown> => ({ index, delta: value, finish_reason: finishReason });

  it('a body that ends without finish_reason and without [DONE] is an honest error, never a fake finish', () => {
    const parts = replay(payloadsOf('openai-text.chunks.txt').slice(0, 4));
    assert.deepEqual(parts.slice(0, -1), text('Hello', '!', ' How'));
    const last = parts.at(-1);
    assert.equal(last?.type, 'error');
    assert.ok(last?.type === 'error' && last.error instanceof UpstreamError);
    assert.match(last.error.message, /ended the stream before the answer finished/);
    assert.ok(!parts.some((part) => part.type === 'finish' || part.type === 'usage'));
  });

  it('an empty body is an error too', () => {
    const parts = replay([]);
    assert.equal(parts.length, 1);
    assert.equal(parts[0]?.type, 'error');
  });

  it('[DONE] without finish_reason → finish "stop" (then usage when sent)', () => {
    assert.deepEqual(replay([chunk([delta({ role: 'assistant', content: 'Hi' })]), '[DONE]']), [...text('Hi'), finish('stop')]);
    assert.deepEqual(
      replay([chunk([delta({ content: 'Hi' })]), chunk([], { usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }), '[DONE]']),
      [...text('Hi'), finish('stop'), usage({ inputTokens: 3, outputTokens: 1 })],
    );
  });

  it('[DONE] without finish_reason after tool calls → the tool calls, then finish "tool_calls"', () => {
    const parts = replay([
      chunk([delta({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } }] })]),
      chunk([delta({ tool_calls: [{ index: 0, function: { arguments: ':1}' } }] })]),
      '[DONE]',
    ]);
    assert.deepEqual(parts, [
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_1', name: 'f', argumentsDelta: '{"a"' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: ':1}' },
      { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'call_1', name: 'f', arguments: '{"a":1}' },
      finish('tool_calls'),
    ]);
  });

  it('a finish without [DONE] is complete (no error)', () => {
    assert.deepEqual(replay([chunk([delta({ content: 'x' }, 'stop')])]), [...text('x'), finish('stop')]);
  });

  it('maps vendor finish reasons', () => {
    const cases: Array<[string, string]> = [['length', 'length'], ['content_filter', 'content_filter'], ['sensitive', 'content_filter'], ['function_call', 'tool_calls'], ['eos', 'stop'], ['something_new', 'other']];
    for (const [wire, expected] of cases) {
      assert.deepEqual(replay([chunk([delta({ content: 'x' }, wire)]), '[DONE]']), [...text('x'), finish(expected as 'stop')], wire);
    }
  });

  it('finish_reason "network_error" (Zhipu) is an error part, not a finish', () => {
    const parts = replay([chunk([delta({ content: 'x' }, 'network_error')]), '[DONE]']);
    assert.deepEqual(parts.slice(0, 1), text('x'));
    assert.equal(parts.length, 2);
    assert.ok(parts[1]?.type === 'error' && /network_error/.test(parts[1].error.message));
  });

  it('keeps choices apart (n = 2), finishing each once', () => {
    const parts = replay([
      chunk([delta({ content: 'a' }, null, 0), delta({ content: 'b' }, null, 1)]),
      chunk([delta({ content: 'c' }, 'stop', 1)]),
      chunk([delta({ content: 'd' }, 'length', 0)]),
      chunk([delta({}, 'stop', 0)]),
      '[DONE]',
    ]);
    assert.deepEqual(parts, [
      { type: 'text-delta', index: 0, text: 'a' },
      { type: 'text-delta', index: 1, text: 'b' },
      { type: 'text-delta', index: 1, text: 'c' },
      finish('stop', 1),
      { type: 'text-delta', index: 0, text: 'd' },
      finish('length', 0),
    ]);
  });

  it('tool-call deltas without an index use their position; a missing id gets a stable one', () => {
    const parts = replay([
      chunk([delta({ tool_calls: [{ function: { name: 'a', arguments: '{}' } }, { function: { name: 'b', arguments: '[' } }] })]),
      chunk([delta({ tool_calls: [{ index: 1, function: { arguments: ']' } }] }, 'tool_calls')]),
    ]);
    assert.deepEqual(parts.filter((part) => part.type === 'tool-call'), [
      { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'call_0_0', name: 'a', arguments: '{}' },
      { type: 'tool-call', index: 0, toolCallIndex: 1, id: 'call_0_1', name: 'b', arguments: '[]' },
    ]);
  });

  it('a name that arrives after the first fragment still lands on the complete call', () => {
    const parts = replay([
      chunk([delta({ tool_calls: [{ index: 0, id: 'call_9', function: { arguments: '' } }] })]),
      chunk([delta({ tool_calls: [{ index: 0, id: '', function: { name: 'late', arguments: '{}' } }] }, 'tool_calls')]),
    ]);
    const call = parts.find((part) => part.type === 'tool-call');
    assert.deepEqual(call, { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'call_9', name: 'late', arguments: '{}' });
  });

  it('usage on the finish chunk (DeepSeek) and inside the choice (Moonshot) comes once, after the finish', () => {
    const deepseek = replay(payloadsOf('deepseek-reasoning.raw.txt'));
    assert.equal(deepseek.filter((part) => part.type === 'usage').length, 1);
    assert.equal(deepseek.at(-1)?.type, 'usage');
    assert.equal(deepseek.at(-2)?.type, 'finish');
    const moonshot = replay(payloadsOf('moonshot-usage-in-choice.chunks.txt'));
    assert.deepEqual(moonshot.slice(-2), [finish('stop'), usage({ inputTokens: 19, outputTokens: 13 })]);
  });

  it('maps DeepSeek cache hits and Moonshot top-level cached_tokens', () => {
    const withUsage = (wire: Record<string, unknown>): StreamPart[] => replay([chunk([delta({ content: 'x' }, 'stop')], { usage: wire })]);
    assert.deepEqual(withUsage({ prompt_tokens: 100, completion_tokens: 5, prompt_cache_hit_tokens: 64, prompt_cache_miss_tokens: 36 }).at(-1),
      usage({ inputTokens: 100, outputTokens: 5, cachedInputTokens: 64 }));
    assert.deepEqual(withUsage({ prompt_tokens: 100, completion_tokens: 5, cached_tokens: 80 }).at(-1),
      usage({ inputTokens: 100, outputTokens: 5, cachedInputTokens: 80 }));
    assert.deepEqual(withUsage({ prompt_tokens: 10, total_tokens: 15 }).at(-1), usage({ inputTokens: 10, outputTokens: 5 }));
  });

  it('a mid-stream error given as a string is still one error part', () => {
    const parts = replay([chunk([delta({ content: 'x' })]), JSON.stringify({ error: 'overloaded' })]);
    assert.equal(parts.length, 2);
    assert.ok(parts[1]?.type === 'error' && /overloaded/.test(parts[1].error.message));
  });

  it('a chunk it cannot read is an UpstreamProtocolError part', () => {
    const parts = replay([JSON.stringify({ choices: 'nope' })]);
    assert.equal(parts.length, 1);
    assert.ok(parts[0]?.type === 'error' && parts[0].error instanceof UpstreamProtocolError);
    assert.equal(replay([JSON.stringify([1, 2])])[0]?.type, 'error');
  });
});

describe('streamParts over an SSE body', () => {
  const warnings: Warning[] = [{ code: 'unsupported-parameter', param: 'frequency_penalty', message: 'dropped' }];

  async function run(chunks: Array<Uint8Array>, provider = 'test', signal?: AbortSignal): Promise<StreamPart[]> {
    return collect(streamParts(bytesIn(chunks), provider, warnings, signal));
  }

  for (const [name, expected] of Object.entries(completeStreams)) {
    it(`${name}: whole body, byte-by-byte and split at every offset give the same parts`, async () => {
      const bytes = encoder.encode(bodyOf(name));
      const whole = await run([bytes]);
      assert.deepEqual(whole, [{ type: 'stream-start', warnings }, ...expected]);
      assert.deepEqual(await run(cut(bytes, 1)), whole, 'one byte per chunk');
      for (let offset = 1; offset < bytes.length; offset++) {
        assert.deepEqual(await run([bytes.subarray(0, offset), bytes.subarray(offset)]), whole, `split at ${offset}`);
      }
    });
  }

  for (const [name, expected] of Object.entries(failingStreams)) {
    it(`${name}: error part ends the stream, split anywhere`, async () => {
      const bytes = encoder.encode(bodyOf(name));
      const whole = await run([bytes]);
      assert.deepEqual(whole[0], { type: 'stream-start', warnings });
      assertMidStreamError(whole.slice(1), expected);
      for (const size of [1, 3, 17]) assert.deepEqual(await run(cut(bytes, size)), whole, `${size}-byte chunks`);
    });
  }

  it('stops reading at the error part even if the upstream sends more', async () => {
    const payloads = [...payloadsOf('zhipu-error-in-stream.chunks.txt'), JSON.stringify({ choices: [{ index: 0, delta: { content: 'after' }, finish_reason: 'stop' }] }), '[DONE]'];
    let pulledAfterError = false;
    async function* body(): AsyncGenerator<Uint8Array> {
      for (const [position, payload] of payloads.entries()) {
        if (position > 3) pulledAfterError = true;
        yield encoder.encode(`data: ${payload}\n\n`);
      }
    }
    const parts = await collect(streamParts(body(), 'test', []));
    assert.equal(parts.at(-1)?.type, 'error');
    assert.ok(!parts.some((part) => part.type === 'finish' || (part.type === 'text-delta' && part.text === 'after')));
    assert.equal(pulledAfterError, false);
  });

  it('ignores anything after [DONE]', async () => {
    const body = 'data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\ndata: {"choices":[{"index":0,"delta":{"content":"b"}}]}\n\n';
    assert.deepEqual(await run([encoder.encode(body)]), [{ type: 'stream-start', warnings }, ...text('a'), finish('stop')]);
  });

  it('a cut body (no finish, no [DONE]) ends with an error part', async () => {
    const body = payloadsOf('moonshot-usage-in-choice.chunks.txt').slice(0, 3).map((payload) => `data: ${payload}\n\n`).join('');
    const parts = await run([encoder.encode(body)]);
    assert.deepEqual(parts.slice(1, -1), text('你好', '，'));
    assert.equal(parts.at(-1)?.type, 'error');
  });

  it('malformed JSON becomes an UpstreamProtocolError part', async () => {
    const parts = await run([encoder.encode('data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\ndata: {"choices":[\n\n')]);
    assert.deepEqual(parts.slice(1, 2), text('a'));
    const last = parts.at(-1);
    assert.ok(last?.type === 'error' && last.error instanceof UpstreamProtocolError);
    assert.equal(parts.length, 3);
  });

  it('a transport failure mid-body becomes one error part', async () => {
    async function* body(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n');
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    const parts = await collect(streamParts(body(), 'test', []));
    assert.deepEqual(parts.slice(1, 2), text('a'));
    const last = parts.at(-1);
    assert.ok(last?.type === 'error' && last.error instanceof UpstreamConnectionError);
    assert.equal(parts.length, 3);
  });

  it('an aborted signal turns the failure into ClientClosedError', async () => {
    const controller = new AbortController();
    async function* body(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n');
      controller.abort();
      throw Object.assign(new Error('aborted'), { name: 'AbortError' });
    }
    const parts = await collect(streamParts(body(), 'test', [], controller.signal));
    const last = parts.at(-1);
    assert.ok(last?.type === 'error' && last.error instanceof ClientClosedError);
  });
});
