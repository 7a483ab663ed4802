import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nestsDeeperThan } from './json-body.js';

test('nesting depth is counted over objects and arrays, never inside strings', () => {
  const nested = (depth: number) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
  assert.equal(nestsDeeperThan(nested(32), 64), false);
  assert.equal(nestsDeeperThan(nested(33), 64), true);
  assert.equal(nestsDeeperThan(`{"text":"${'['.repeat(500)}\\"${'{'.repeat(500)}"}`, 64), false);
  assert.equal(nestsDeeperThan(`[${'[]'.repeat(1000)}]`, 64), false);
  assert.equal(nestsDeeperThan('[[[', 2), true);
});
