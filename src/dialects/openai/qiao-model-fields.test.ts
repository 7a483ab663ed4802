import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { qiaoModelFields } from './qiao-model-fields.js';

describe('qiaoModelFields: what /v1/models adds to OpenAI\'s model object', () => {
  test('a provider model: its capabilities and context window', () => {
    assert.deepEqual(qiaoModelFields({ id: 'mock/mock-think', ownedBy: 'mock', info: { id: 'mock-think', capabilities: ['chat', 'reasoning'], contextWindow: 32_768 } }),
      { capabilities: ['chat', 'reasoning'], context_window: 32_768 });
  });

  test('a model Qiao knows nothing about is a chat model without a known window', () => {
    assert.deepEqual(qiaoModelFields({ id: 'x/y', ownedBy: 'x', info: { id: 'y' } }), { capabilities: ['chat'] });
  });

  test('an alias: its routes in order', () => {
    assert.deepEqual(qiaoModelFields({ id: 'smart', ownedBy: 'qiao', aliasOf: ['a/one', 'b/two'] }), { alias_of: ['a/one', 'b/two'] });
  });
});
