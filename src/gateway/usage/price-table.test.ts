import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PriceTable } from './price-table.js';

test('config prices win over built-ins; exact names over globs; the longest glob wins', () => {
  const table = new PriceTable({ 'openai/gpt-4o': { input: 1, output: 2 }, 'local/*': { input: 0, output: 0 }, 'gpt-4o-mini': { input: 9, output: 9 } });
  assert.deepEqual(table.priceOf(['openai/gpt-4o', 'gpt-4o', 'smart']), { input: 1, output: 2 });
  assert.deepEqual(table.priceOf(['azure/gpt-4o', 'gpt-4o', 'smart']), { input: 2.5, output: 10, cachedInput: 1.25 }, 'built-in by upstream model id');
  assert.deepEqual(table.priceOf(['x/gpt-4o-mini-2024-07-18', 'gpt-4o-mini-2024-07-18', undefined]), { input: 0.15, output: 0.6, cachedInput: 0.075 }, 'gpt-4o-mini* beats gpt-4o*');
  assert.deepEqual(table.priceOf(['x/gemini-2.5-flash-lite', 'gemini-2.5-flash-lite']), { input: 0.1, output: 0.4, cachedInput: 0.025 });
  assert.deepEqual(table.priceOf(['local/llama', 'llama']), { input: 0, output: 0 });
  assert.equal(table.priceOf(['acme/unknown', 'unknown']), undefined);
});

test('cost: cached input at its own price, output at the output price, per million tokens', () => {
  const cost = PriceTable.cost({ input: 2, output: 8, cachedInput: 0.5 }, { inputTokens: 1000, cachedInputTokens: 400, outputTokens: 100 });
  assert.equal(cost, (600 * 2 + 400 * 0.5 + 100 * 8) / 1e6);
  assert.equal(PriceTable.cost({ input: 3, output: 15 }, { inputTokens: 10, outputTokens: 0, cachedInputTokens: 50 }), 30 / 1e6, 'cached never exceeds input');
});
