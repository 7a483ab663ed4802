import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture } from '../../../test/support/fake-upstream.js';
import { bytesOf, chunkSizes, collectParts, comparable, joinedText, replayState } from '../../../test/support/stream-replay.js';
import { UpstreamError } from '../../errors/index.js';
import type { StreamPart } from '../../spec/index.js';
import { ollamaStreamParts } from './ollama-chat-model.js';
import { OllamaStreamState } from './ollama-stream.js';

const fixturesDir = new URL('./__fixtures__/', import.meta.url);
const body = (name: string): string => readFixture(fixturesDir, name);
const lines = (name: string): unknown[] => body(name).split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));

const replay = (items: unknown[]): StreamPart[] => replayState(new OllamaStreamState('ollama'), items);

describe('OllamaStreamState', () => {
  it('content lines are text; the done line gives done_reason and prompt_eval_count/eval_count', () => {
    assert.deepEqual(replay(lines('ollama-chat.ndjson')), [
      { type: 'text-delta', index: 0, text: 'The' },
      { type: 'text-delta', index: 0, text: ' sky' },
      { type: 'text-delta', index: 0, text: ' is blue.' },
      { type: 'finish', index: 0, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 169, outputTokens: 15 } },
    ]);
  });

  it('a complete tool call is one delta and one tool-call; done_reason stop after a call is tool_calls', () => {
    assert.deepEqual(replay(lines('ollama-tool-call.ndjson')), [
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_0', name: 'get_weather', argumentsDelta: '{"city":"Tokyo"}' },
      { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'call_0', name: 'get_weather', arguments: '{"city":"Tokyo"}' },
      { type: 'finish', index: 0, finishReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 169, outputTokens: 15 } },
    ]);
    const withId = replay(lines('ollama-tool-call.json'));
    assert.deepEqual(withId[1], { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'call_k3v9x2', name: 'get_weather', arguments: '{"city":"Tokyo"}' });
  });

  it('thinking is reasoning; done_reason length; a missing prompt_eval_count (cached prompt) counts 0', () => {
    const parts = replay(lines('ollama-thinking.ndjson'));
    assert.equal(joinedText(parts, 'reasoning-delta'), 'The user asks for 2+2.');
    assert.equal(joinedText(parts), '4');
    assert.deepEqual(parts.slice(-2), [
      { type: 'finish', index: 0, finishReason: 'length' },
      { type: 'usage', usage: { inputTokens: 0, outputTokens: 12 } },
    ]);
  });

  it('load/unload are stop, unknown reasons other', () => {
    assert.deepEqual(replay([{ done: true, done_reason: 'load' }]), [{ type: 'finish', index: 0, finishReason: 'stop' }]);
    assert.deepEqual(replay([{ done: true, done_reason: 'cancelled' }]), [{ type: 'finish', index: 0, finishReason: 'other' }]);
  });

  it('the mid-stream {"error":…} line ends the stream with an error part', () => {
    const parts = replay(lines('ollama-error-in-stream.ndjson'));
    assert.equal(parts.length, 2);
    const last = parts[1];
    assert.ok(last?.type === 'error' && last.error instanceof UpstreamError);
    assert.match(last.error.message, /an error was encountered while running the model/);
  });

  it('a body without the done line is an error, never a stop', () => {
    const parts = replay(lines('ollama-chat.ndjson').slice(0, 2));
    assert.equal(parts.at(-1)?.type, 'error');
    assert.ok(!parts.some((part) => part.type === 'finish'));
  });
});

describe('ollamaStreamParts over bytes', () => {
  for (const name of ['ollama-chat.ndjson', 'ollama-tool-call.ndjson', 'ollama-thinking.ndjson', 'ollama-error-in-stream.ndjson']) {
    it(`${name}: the same parts whatever the byte split`, async () => {
      const expected = comparable(replay(lines(name)));
      for (const size of chunkSizes) {
        const parts = await collectParts(ollamaStreamParts(bytesOf(body(name), size), 'ollama', []));
        assert.deepEqual(comparable(parts), expected, `chunks of ${size} bytes`);
      }
    });
  }
});
