import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFixture, sseFromFixture } from '../../../test/support/fake-upstream.js';
import { bytesOf, chunkSizes, collectParts, comparable, joinedText, replayState } from '../../../test/support/stream-replay.js';
import { AuthenticationError, UpstreamError } from '../../errors/index.js';
import type { StreamPart } from '../../spec/index.js';
import { geminiStreamParts } from './gemini-chat-model.js';
import { GeminiStreamState } from './gemini-stream.js';

const fixturesDir = new URL('./__fixtures__/', import.meta.url);
const payloads = (name: string): string[] => sseFromFixture(readFixture(fixturesDir, name));
const sseBody = (name: string): string => payloads(name).map((payload) => `data: ${payload}\n\n`).join('');

const replay = (items: unknown[]): StreamPart[] => replayState(new GeminiStreamState('gemini'), items);
const replayFixture = (name: string): StreamPart[] => replay(payloads(name).map((payload) => JSON.parse(payload)));

describe('GeminiStreamState', () => {
  it('streams text deltas, finishes on the last chunk, and reports the last usageMetadata (thoughts as output)', () => {
    const parts = replayFixture('gemini-text.chunks.txt');
    assert.equal(parts.filter((part) => part.type === 'text-delta').length, 6);
    assert.match(joinedText(parts), /^low!\n\nThe sky is blue primarily due to .* rather than violet\.$/s);
    assert.deepEqual(parts.slice(-2), [
      { type: 'finish', index: 0, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 20, outputTokens: 253 + 260, reasoningTokens: 260 } },
    ]);
  });

  it('a functionCall part is one complete tool call; STOP after a call is tool_calls', () => {
    assert.deepEqual(replayFixture('gemini-function-call.chunks.txt'), [
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_0_0', name: 'customDivide', argumentsDelta: '{"denominator":2,"numerator":100}' },
      { type: 'tool-call', index: 0, toolCallIndex: 0, id: 'call_0_0', name: 'customDivide', arguments: '{"denominator":2,"numerator":100}' },
      { type: 'finish', index: 0, finishReason: 'tool_calls' },
      { type: 'usage', usage: { inputTokens: 21, outputTokens: 6 } },
    ]);
  });

  it('thought parts are reasoning; an empty part with only a thoughtSignature adds nothing; cached tokens are kept', () => {
    assert.deepEqual(replayFixture('gemini-thinking.chunks.txt'), [
      { type: 'reasoning-delta', index: 0, text: '**Weighing the question**\n\nThe user wants a short answer about 2+2.' },
      { type: 'text-delta', index: 0, text: '2 + 2 = 4.' },
      { type: 'finish', index: 0, finishReason: 'stop' },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 38, reasoningTokens: 31, cachedInputTokens: 4 } },
    ]);
  });

  for (const reason of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']) {
    it(`finishReason ${reason} is content_filter`, () => {
      const parts = replay([{ candidates: [{ content: { parts: [] }, finishReason: reason }] }]);
      assert.deepEqual(parts, [{ type: 'finish', index: 0, finishReason: 'content_filter' }]);
    });
  }

  it('SAFETY after text keeps the text; MAX_TOKENS is length; OTHER and MALFORMED_FUNCTION_CALL are other', () => {
    const safety = replayFixture('gemini-safety.chunks.txt');
    assert.equal(joinedText(safety), 'I can tell you');
    assert.deepEqual(safety.at(-2), { type: 'finish', index: 0, finishReason: 'content_filter' });
    const finishOf = (reason: string) => replay([{ candidates: [{ finishReason: reason }] }])[0];
    assert.deepEqual(finishOf('MAX_TOKENS'), { type: 'finish', index: 0, finishReason: 'length' });
    assert.deepEqual(finishOf('OTHER'), { type: 'finish', index: 0, finishReason: 'other' });
    assert.deepEqual(finishOf('MALFORMED_FUNCTION_CALL'), { type: 'finish', index: 0, finishReason: 'other' });
  });

  it('a blocked prompt (promptFeedback, no candidates) is content_filter with the prompt tokens', () => {
    assert.deepEqual(replay([JSON.parse(readFixture(fixturesDir, 'gemini-prompt-blocked.json'))]), [
      { type: 'finish', index: 0, finishReason: 'content_filter' },
      { type: 'usage', usage: { inputTokens: 14, outputTokens: 0 } },
    ]);
  });

  it('several candidates keep their index', () => {
    const parts = replay([{ candidates: [
      { index: 0, content: { parts: [{ text: 'a' }] }, finishReason: 'STOP' },
      { index: 1, content: { parts: [{ text: 'b' }] }, finishReason: 'MAX_TOKENS' },
    ] }]);
    assert.deepEqual(parts, [
      { type: 'text-delta', index: 0, text: 'a' }, { type: 'finish', index: 0, finishReason: 'stop' },
      { type: 'text-delta', index: 1, text: 'b' }, { type: 'finish', index: 1, finishReason: 'length' },
    ]);
  });

  it('a top-level error object mid-stream ends with an error part carrying the status', () => {
    const parts = replayFixture('gemini-error-in-stream.chunks.txt');
    assert.deepEqual(parts[0], { type: 'text-delta', index: 0, text: 'The sky' });
    const last = parts.at(-1);
    assert.equal(parts.length, 2);
    assert.ok(last?.type === 'error' && last.error instanceof UpstreamError);
    assert.equal(last.error.status, 503);
    assert.equal(last.error.upstreamCode, 'UNAVAILABLE');
    assert.match(last.error.message, /overloaded/);
    const auth = replay([{ error: { code: 401, message: 'bad', status: 'UNAUTHENTICATED' } }]).at(-1);
    assert.ok(auth?.type === 'error' && auth.error instanceof AuthenticationError);
  });

  it('a stream that ends without a finishReason is an error, never a stop; unreadable chunks are protocol errors', () => {
    const cut = replay(payloads('gemini-text.chunks.txt').slice(0, 2).map((payload) => JSON.parse(payload)));
    assert.equal(cut.at(-1)?.type, 'error');
    assert.ok(!cut.some((part) => part.type === 'finish'));
    const broken = replay([{ candidates: 'nope' }]);
    assert.ok(broken[0]?.type === 'error' && broken[0].error.code === 'upstream_protocol_error');
  });
});

describe('geminiStreamParts over bytes', () => {
  for (const name of ['gemini-text.chunks.txt', 'gemini-function-call.chunks.txt', 'gemini-thinking.chunks.txt', 'gemini-error-in-stream.chunks.txt']) {
    it(`${name}: the same parts whatever the byte split, and CRLF framing too`, async () => {
      const expected = comparable(replayFixture(name));
      for (const size of chunkSizes) {
        const parts = await collectParts(geminiStreamParts(bytesOf(sseBody(name), size), 'gemini', []));
        assert.deepEqual(parts[0], { type: 'stream-start', warnings: [] });
        assert.deepEqual(comparable(parts), expected, `chunks of ${size} bytes`);
      }
      const crlf = sseBody(name).replace(/\n/g, '\r\n');
      assert.deepEqual(comparable(await collectParts(geminiStreamParts(bytesOf(crlf, 5), 'gemini', []))), expected);
    });
  }
});
