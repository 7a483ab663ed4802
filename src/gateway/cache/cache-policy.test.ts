import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatRequest } from '../../spec/index.js';
import { canonicalJson, cacheKey } from './cache-key.js';
import { chatCacheDecision, embeddingCacheDecision } from './cache-policy.js';

const messages: ChatRequest['messages'] = [{ role: 'user', content: 'hi' }];

test('deterministic chat requests are cached: temperature 0, or x-qiao-cache: force with one answer', () => {
  assert.equal(chatCacheDecision({ messages, temperature: 0 }, {}), 'use');
  assert.equal(chatCacheDecision({ messages, temperature: 0, n: 3 }, {}), 'use');
  assert.equal(chatCacheDecision({ messages }, {}), 'bypass');
  assert.equal(chatCacheDecision({ messages, temperature: 0.7 }, {}), 'bypass');
  assert.equal(chatCacheDecision({ messages, temperature: 0.7 }, { 'x-qiao-cache': 'Force' }), 'use');
  assert.equal(chatCacheDecision({ messages }, { 'x-qiao-cache': 'force' }), 'use');
  assert.equal(chatCacheDecision({ messages, temperature: 0.7, n: 2 }, { 'x-qiao-cache': 'force' }), 'bypass');
  assert.equal(chatCacheDecision({ messages }, undefined), 'bypass');
});

test('cache-control: no-store stays out of the cache, no-cache skips the lookup but stores the fresh answer', () => {
  assert.equal(chatCacheDecision({ messages, temperature: 0 }, { 'cache-control': 'no-store' }), 'bypass');
  assert.equal(chatCacheDecision({ messages, temperature: 0 }, { 'cache-control': 'max-age=0, No-Cache' }), 'refresh');
  assert.equal(chatCacheDecision({ messages, temperature: 0 }, { 'cache-control': 'max-age=60' }), 'use');
  assert.equal(embeddingCacheDecision({}), 'use');
  assert.equal(embeddingCacheDecision({ 'cache-control': 'no-store' }), 'bypass');
  assert.equal(embeddingCacheDecision({ 'cache-control': 'no-cache' }), 'refresh');
});

test('the key ignores field order and undefined fields, and separates owners, modes and deployments', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
  const request = { messages, temperature: 0 };
  const key = cacheKey('anonymous', 'json', ['mock/mock-echo'], request);
  assert.match(key, /^[0-9a-f]{64}$/);
  assert.equal(cacheKey('anonymous', 'json', ['mock/mock-echo'], { temperature: 0, messages, topP: undefined }), key);
  assert.notEqual(cacheKey('key_1', 'json', ['mock/mock-echo'], request), key);
  assert.notEqual(cacheKey('anonymous', 'stream', ['mock/mock-echo'], request), key);
  assert.notEqual(cacheKey('anonymous', 'json', ['mock/mock-think'], request), key);
  assert.notEqual(cacheKey('anonymous', 'json', ['mock/mock-echo'], { messages: [{ role: 'user', content: 'hi!' }], temperature: 0 }), key);
});
