import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countInSlices } from '../../gateway/memory/token-counter.js';
import { estimateInputTokens } from './count-tokens.js';

test('long texts reach the tokenizer in slices of at most 1,024 units, surrogate pairs kept whole', () => {
  const seen: string[] = [];
  const text = `${'x'.repeat(1023)}😀${'桥'.repeat(5000)}`;
  const total = countInSlices((slice) => { seen.push(slice); return 1; }, text);
  assert.equal(seen.join(''), text);
  assert.equal(total, seen.length);
  assert.ok(seen.every((slice) => slice.length <= 1024));
  assert.equal(seen[0], 'x'.repeat(1023), 'the emoji is not split across slices');
  assert.equal(countInSlices((slice) => slice.length, 'short'), 5);
});

test('a sliced estimate stays close to one token per word', async () => {
  const estimate = await estimateInputTokens({ messages: [{ role: 'user', content: 'hello world '.repeat(500) }] });
  assert.ok(estimate > 1000 && estimate < 1100, `estimate ${estimate}`);
});
