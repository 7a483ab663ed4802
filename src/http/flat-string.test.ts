import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { flatString } from './flat-string.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Heap bytes per kept pair of a chunk head and a UUID, after a full GC. */
function bytesPerPair(keep: (text: string) => string): number {
  const kept: string[] = [];
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 20_000; i++) {
    const id = `chatcmpl-${i.toString(36)}abcdefghijk`;
    kept.push(keep(`{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${1_700_000_000 + i},"model":${JSON.stringify('m')},"choices":[`));
    kept.push(keep(randomUUID()));
  }
  collectGarbage();
  const bytes = (process.memoryUsage().heapUsed - before) / 20_000;
  assert.equal(kept.length, 40_000);
  return bytes;
}

describe('flatString', () => {
  it('returns the same text', () => {
    const text = `${'a'.repeat(20)}${Math.random()}`;
    assert.equal(flatString(text), text);
    assert.equal(flatString(''), '');
  });

  it('drops the pieces a kept string was built from (a chunk head and a UUID: 809 → 219 bytes measured)', () => {
    const built = bytesPerPair((text) => text);
    const flat = bytesPerPair(flatString);
    assert.ok(flat < built / 2, `flattened ${flat.toFixed(0)} B per pair, built ${built.toFixed(0)} B`);
  });
});
