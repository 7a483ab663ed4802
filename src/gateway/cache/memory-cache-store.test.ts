import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryCacheStore } from './memory-cache-store.js';

test('memory store: entries expire after their time to live on the injected clock', async () => {
  let clock = 1_000;
  const store = new MemoryCacheStore(10, () => clock);
  await store.set('a', 'one', 5_000);
  clock += 4_999;
  assert.equal(await store.get('a'), 'one');
  clock += 1;
  assert.equal(await store.get('a'), undefined);
  assert.equal(store.size, 0);
});

test('memory store: bounded LRU — the least recently used entry goes first, a read counts as a use', async () => {
  const store = new MemoryCacheStore(2);
  await store.set('a', '1', 60_000);
  await store.set('b', '2', 60_000);
  assert.equal(await store.get('a'), '1');
  await store.set('c', '3', 60_000);
  assert.equal(store.size, 2);
  assert.equal(await store.get('b'), undefined);
  assert.equal(await store.get('a'), '1');
  assert.equal(await store.get('c'), '3');
  await store.set('a', 'replaced', 60_000);
  assert.equal(await store.get('a'), 'replaced');
  assert.equal(store.size, 2);
});
