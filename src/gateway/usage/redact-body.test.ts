import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactedJson } from './redact-body.js';

test('key fields and key-like strings are redacted; ordinary fields such as max_tokens are kept', () => {
  const json = redactedJson({
    model: 'gpt-4o', max_tokens: 50, api_key: 'plain-secret', nested: [{ Authorization: 'Bearer abc', client_secret: 's3cret' }],
    messages: [{ role: 'user', content: 'my key is sk-proj-ABCDEFGH12345678 and qk-ZZZZZZZZZZZZ, bearer: Bearer eyJhbGciOi.xyz' }],
  })!;
  for (const secret of ['plain-secret', 'Bearer abc', 's3cret', 'sk-proj-ABCDEFGH12345678', 'qk-ZZZZZZZZZZZZ', 'eyJhbGciOi']) {
    assert.ok(!json.includes(secret), `${secret} is redacted in ${json}`);
  }
  const parsed = JSON.parse(json) as { max_tokens: number; model: string; api_key: string };
  assert.equal(parsed.max_tokens, 50);
  assert.equal(parsed.model, 'gpt-4o');
  assert.equal(parsed.api_key, '[redacted]');
  assert.equal(redactedJson(undefined), undefined);
});
