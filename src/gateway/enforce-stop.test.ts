import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UpstreamError } from '../errors/index.js';
import type { StreamPart } from '../spec/index.js';
import { cutAtStop, enforceStop } from './enforce-stop.js';

/** A source stream that records how far it was read and whether it was closed early. */
function source(parts: StreamPart[]) {
  const seen = { yielded: 0, closedEarly: false, completed: false };
  async function* generate(): AsyncGenerator<StreamPart> {
    try {
      for (const part of parts) {
        seen.yielded++;
        yield part;
      }
      seen.completed = true;
    } finally {
      if (!seen.completed) seen.closedEarly = true;
    }
  }
  return { parts: generate(), seen };
}

const start: StreamPart = { type: 'stream-start', warnings: [] };
const text = (value: string, index = 0): StreamPart => ({ type: 'text-delta', index, text: value });
const finish = (finishReason: 'stop' | 'length' = 'stop', index = 0): StreamPart => ({ type: 'finish', index, finishReason });
const usage: StreamPart = { type: 'usage', usage: { inputTokens: 3, outputTokens: 9 } };

async function collect(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const collected: StreamPart[] = [];
  for await (const part of parts) collected.push(part);
  return collected;
}

const textOf = (parts: StreamPart[], index = 0) => parts.map((part) => (part.type === 'text-delta' && part.index === index ? part.text : '')).join('');
const finishesOf = (parts: StreamPart[]) => parts.filter((part) => part.type === 'finish');

describe('cutAtStop', () => {
  it('cuts at the earliest of several stop sequences', () => {
    assert.deepEqual(cutAtStop('a### b\n\n c', ['\n\n', '###']), { text: 'a', stopped: true });
    assert.deepEqual(cutAtStop('a\n\n b### c', ['###', '\n\n']), { text: 'a', stopped: true });
  });

  it('leaves text without a stop sequence alone, and ignores empty sequences', () => {
    assert.deepEqual(cutAtStop('abc', ['x', '']), { text: 'abc', stopped: false });
    assert.deepEqual(cutAtStop('abc', undefined), { text: 'abc', stopped: false });
    assert.deepEqual(cutAtStop('abc', []), { text: 'abc', stopped: false });
  });

  it('a stop at the very beginning leaves nothing', () => {
    assert.deepEqual(cutAtStop('END here', ['END']), { text: '', stopped: true });
  });
});

describe('enforceStop', () => {
  it('passes everything through untouched when there are no stop sequences', async () => {
    const parts = [start, text('a'), text('b'), finish(), usage];
    assert.deepEqual(await collect(enforceStop(source(parts).parts, [])), parts);
    assert.deepEqual(await collect(enforceStop(source(parts).parts, undefined)), parts);
  });

  it('cuts inside one delta, finishes with "stop" and stops reading the source', async () => {
    const { parts, seen } = source([start, text('hello'), text(' world STOP and more'), text(' never read'), finish('length'), usage]);
    const out = await collect(enforceStop(parts, ['STOP']));
    assert.equal(textOf(out), 'hello world ');
    assert.deepEqual(finishesOf(out), [{ type: 'finish', index: 0, finishReason: 'stop' }]);
    assert.equal(out.at(-1)?.type, 'finish');
    assert.equal(seen.yielded, 3, 'nothing after the delta with the stop sequence is read');
    assert.equal(seen.closedEarly, true, 'the source is closed (which aborts the upstream)');
  });

  it('finds a stop sequence spanning several deltas, and the earliest one wins', async () => {
    const { parts, seen } = source([start, text('return a\n'), text('\n'), text('\n# test'), text('```\n\nmore'), finish()]);
    const out = await collect(enforceStop(parts, ['```\n\n', '\n\n\n']));
    assert.equal(textOf(out), 'return a');
    assert.deepEqual(finishesOf(out), [{ type: 'finish', index: 0, finishReason: 'stop' }]);
    assert.equal(seen.closedEarly, true);
  });

  it('holds back only a possible beginning of a stop sequence, and releases it when it is not one', async () => {
    const out = await collect(enforceStop(source([start, text('ab#'), text('#c'), text('d#'), finish(), usage]).parts, ['###']));
    assert.deepEqual(out, [start, text('ab'), text('##c'), text('d'), text('#'), finish(), usage]);
  });

  it('text that merely looks like a stop prefix at the end is delivered before the upstream finish', async () => {
    const out = await collect(enforceStop(source([start, text('value: ##'), finish('length'), usage]).parts, ['###']));
    assert.equal(textOf(out), 'value: ##');
    assert.deepEqual(finishesOf(out), [{ type: 'finish', index: 0, finishReason: 'length' }]);
    assert.deepEqual(out.at(-1), usage);
  });

  it('works on multi-byte text and a stop sequence split into single characters', async () => {
    const { parts } = source([start, text('你好'), text('，世'), text('界'), text('！'), finish()]);
    const out = await collect(enforceStop(parts, ['世界']));
    assert.equal(textOf(out), '你好，');
  });

  it('a stop sequence at the very start produces no text, only the finish', async () => {
    const out = await collect(enforceStop(source([start, text('<'), text('/s> tail'), finish()]).parts, ['</s>']));
    assert.deepEqual(out, [start, { type: 'finish', index: 0, finishReason: 'stop' }]);
  });

  it('releases held-back text before an error part and passes the error on', async () => {
    const error = new UpstreamError('boom', 502, false);
    const out = await collect(enforceStop(source([start, text('abc\n'), { type: 'error', error }]).parts, ['\n\n']));
    assert.deepEqual(out, [start, text('abc'), text('\n'), { type: 'error', error }]);
  });

  it('passes reasoning through; answer text interrupted by reasoning still counts as one text', async () => {
    const reasoning: StreamPart = { type: 'reasoning-delta', index: 0, text: 'thinking STOP' };
    const out = await collect(enforceStop(source([start, reasoning, text('x S'), reasoning, text('TOP y'), finish()]).parts, ['STOP']));
    assert.deepEqual(out, [start, reasoning, text('x '), reasoning, { type: 'finish', index: 0, finishReason: 'stop' }]);
  });

  it('delivers held-back text when the source ends without a finish', async () => {
    const out = await collect(enforceStop(source([start, text('abc S')]).parts, ['STOP']));
    assert.deepEqual(out, [start, text('abc '), text('S')]);
  });

  it('with several choices, reads on until every choice has stopped', async () => {
    const { parts, seen } = source([
      start, text('a STOP', 0), text('b', 1), text('ignored', 0), text(' STOP c', 1), text('never', 1), finish('stop', 0), usage,
    ]);
    const out = await collect(enforceStop(parts, ['STOP'], { choices: 2 }));
    assert.equal(textOf(out, 0), 'a ');
    assert.equal(textOf(out, 1), 'b ');
    assert.deepEqual(finishesOf(out), [finish('stop', 0), finish('stop', 1)]);
    assert.equal(seen.yielded, 5);
    assert.equal(seen.closedEarly, true);
  });

  it('the consumer stopping early closes the source too', async () => {
    const { parts, seen } = source([start, text('a'), text('b'), finish()]);
    for await (const part of enforceStop(parts, ['zz'])) if (part.type === 'text-delta') break;
    assert.equal(seen.closedEarly, true);
  });
});
