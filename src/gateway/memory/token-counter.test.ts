import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rememberingCounts } from './token-counter.js';

test('long texts are counted once and remembered; short ones are counted every time', () => {
  const counted: string[] = [];
  const count = rememberingCounts((text) => {
    counted.push(text);
    return text.length;
  });
  const long = 'x'.repeat(300);
  assert.equal(count(long), 300);
  assert.equal(count(`${'x'.repeat(299)}x`), 300);
  assert.equal(count('short'), 5);
  assert.equal(count('short'), 5);
  assert.deepEqual(counted.map((text) => text.length), [300, 5, 5]);
});

test('the remembered texts stay within the budget, least recently used out first', () => {
  const counted: string[] = [];
  const count = rememberingCounts((text) => {
    counted.push(text[0]!);
    return text.length;
  }, 1_000);
  const text = (letter: string) => letter.repeat(400);
  count(text('a'));
  count(text('b'));
  count(text('a')); // a is now the most recent
  count(text('c')); // over 1,000: b goes
  count(text('a'));
  count(text('b'));
  count('z'.repeat(2_000)); // longer than the budget: counted, never remembered
  count('z'.repeat(2_000));
  assert.deepEqual(counted, ['a', 'b', 'c', 'b', 'z', 'z']);
});
