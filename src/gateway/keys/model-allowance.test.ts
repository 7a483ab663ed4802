import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ModelAllowance } from './model-allowance.js';

test('a request is allowed by its requested name, or when every deployment matches', () => {
  const allowance = new ModelAllowance(['fast', 'openai/*', 'dashscope/qwen-*']);
  assert.ok(allowance.allows('fast', ['anything/x']), 'an allowed alias');
  assert.ok(allowance.allows('gpt-4o', ['openai/gpt-4o']), 'a bare name resolving into the glob');
  assert.ok(allowance.allows('smart', ['openai/gpt-4o', 'dashscope/qwen-max']));
  assert.ok(!allowance.allows('smart', ['openai/gpt-4o', 'deepseek/deepseek-chat']), 'a fallback outside the list refuses the route');
  assert.ok(!allowance.allows('openai.gpt', ['openaiXgpt']), 'dots and other characters are literal');
  assert.ok(!new ModelAllowance([]).allows('fast', ['mock/mock-echo']), 'an empty list allows nothing');
});
