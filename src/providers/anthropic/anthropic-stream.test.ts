import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { anthropicEvents } from '../../../test/support/anthropic-fake-upstream.js';
import { bytesOf, collectParts, replayState } from '../../../test/support/stream-replay.js';
import { RateLimitError, UpstreamError, UpstreamProtocolError } from '../../errors/index.js';
import type { StreamPart, Usage } from '../../spec/index.js';
import { AnthropicStreamState } from './anthropic-stream.js';
import { anthropicStreamParts } from './anthropic-stream-parts.js';

const replayAnthropic = (payloads: unknown[]): StreamPart[] => replayState(new AnthropicStreamState('anthropic'), payloads);

/** The `data` of each wire event of a fixture. */
const payloadsOf = (name: string): unknown[] => anthropicEvents(name).map((event) => JSON.parse(/^data: (.*)$/m.exec(event)![1]!));

const finish = (finishReason: 'stop' | 'length' | 'tool_calls'): StreamPart => ({ type: 'finish', index: 0, finishReason });
const usage = (value: Usage): StreamPart => ({ type: 'usage', usage: value });

const expected: Record<string, StreamPart[]> = {
  'anthropic-text.raw.txt': [
    { type: 'text-delta', index: 0, text: 'Hello' },
    finish('stop'),
    usage({ inputTokens: 31, outputTokens: 547, cachedInputTokens: 0 }),
  ],
  'anthropic-json-tool.chunks.txt': [
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', name: 'json', argumentsDelta: '' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '{"elements": [{"location": "San Francisco"}]' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '}' },
    { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', name: 'json', arguments: '{"elements": [{"location": "San Francisco"}]}' },
    finish('tool_calls'),
    usage({ inputTokens: 849, outputTokens: 47, cachedInputTokens: 0 }),
  ],
  'anthropic-text-and-tool.chunks.txt': [
    { type: 'text-delta', index: 0, text: 'Let me check' },
    { type: 'text-delta', index: 0, text: ' the weather.' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', argumentsDelta: '' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '{"location": "Pa' },
    { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: 'ris"}' },
    { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location": "Paris"}' },
    finish('tool_calls'),
    // 402 uncached + 384 read from the cache: the whole prompt is 786 tokens.
    usage({ inputTokens: 786, outputTokens: 61, cachedInputTokens: 384 }),
  ],
  'anthropic-thinking.chunks.txt': [
    { type: 'reasoning-delta', index: 0, text: 'The user asks 2+2.' },
    { type: 'reasoning-delta', index: 0, text: ' That is 4.' },
    { type: 'text-delta', index: 0, text: '2 + 2 = 4.' },
    finish('length'),
    usage({ inputTokens: 25, outputTokens: 30, cachedInputTokens: 0 }),
  ],
};

describe('AnthropicStreamState replays recorded streams', () => {
  for (const [name, parts] of Object.entries(expected)) {
    it(name, () => assert.deepEqual(replayAnthropic(payloadsOf(name)), parts));

    it(`${name}, byte-split at every size from 1 to 17 bytes, through the SSE decoder`, async () => {
      const body = anthropicEvents(name).join('');
      for (let size = 1; size <= 17; size++) {
        const decoded = await collectParts(anthropicStreamParts(bytesOf(body, size), 'anthropic', []));
        assert.deepEqual(decoded, [{ type: 'stream-start', warnings: [] }, ...parts], `split every ${size} bytes`);
      }
    });
  }
});

describe('AnthropicStreamState failures', () => {
  it('an in-stream error event becomes an error part, never a finish', () => {
    const parts = replayAnthropic(payloadsOf('anthropic-error-in-stream.chunks.txt'));
    assert.deepEqual(parts.slice(0, 1), [{ type: 'text-delta', index: 0, text: 'Hel' }]);
    const last = parts.at(-1)!;
    assert.equal(last.type, 'error');
    assert.ok(last.type === 'error' && last.error instanceof UpstreamError);
    assert.equal(last.type === 'error' && last.error.status, 503);
    assert.equal(last.type === 'error' && last.error.retryable, true);
    assert.match(last.type === 'error' ? last.error.message : '', /Overloaded \(overloaded_error\)/);
    assert.ok(!parts.some((part) => part.type === 'finish'));
  });

  it('a rate_limit_error event keeps its meaning', () => {
    const parts = replayAnthropic([{ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }]);
    assert.ok(parts[0]?.type === 'error' && parts[0].error instanceof RateLimitError);
  });

  it('a body that ends before message_stop is an error; one that ends after message_delta finishes', () => {
    const payloads = payloadsOf('anthropic-text.raw.txt');
    const cutShort = replayAnthropic(payloads.slice(0, 4));
    const last = cutShort.at(-1);
    assert.ok(last?.type === 'error');
    assert.match(last.error.message, /ended the stream/);
    const withoutStop = replayAnthropic(payloads.slice(0, -1));
    assert.deepEqual(withoutStop.slice(-2).map((part) => part.type), ['finish', 'usage']);
  });

  it('an unreadable event is a protocol error; unknown event and delta types are skipped', () => {
    const [unreadable] = replayAnthropic([{ nope: true }]);
    assert.ok(unreadable?.type === 'error' && unreadable.error instanceof UpstreamProtocolError);
    const parts = replayAnthropic([
      { type: 'message_start', message: { id: 'msg_1', usage: { input_tokens: 1, output_tokens: 0 } } },
      { type: 'content_block_start', index: 0, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: {} } },
      { type: 'content_block_stop', index: 0 },
      { type: 'brand_new_event' },
      { type: 'message_delta', delta: { stop_reason: 'refusal' }, usage: { output_tokens: 2 } },
      { type: 'message_stop' },
    ]);
    assert.deepEqual(parts, [{ type: 'finish', index: 0, finishReason: 'content_filter' }, usage({ inputTokens: 1, outputTokens: 2 })]);
  });

  it('a tool call with no input streams `{}` as its arguments', () => {
    const parts = replayAnthropic([
      { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'noArgs', input: {} } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 5 } },
      { type: 'message_stop' },
    ]);
    assert.deepEqual(parts.filter((part) => part.type === 'tool-call'), [{ type: 'tool-call', index: 0, toolCallIndex: 0, id: 'toolu_1', name: 'noArgs', arguments: '{}' }]);
  });
});
