import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { redactCredentials } from './redact-credentials.js';

describe('redactCredentials', () => {
  test('removes the bearer token, api-key headers and custom token headers the call sent', () => {
    const headers = { authorization: 'Bearer sk-abcdefgh12345', 'x-goog-api-key': 'AIzaSecretValue9', 'x-custom-token': 'tok-0987654321', 'content-type': 'application/json' };
    const text = 'bad key sk-abcdefgh12345; also AIzaSecretValue9 and tok-0987654321 (Bearer sk-abcdefgh12345) application/json';
    assert.equal(redactCredentials(text, headers), 'bad key [redacted]; also [redacted] and [redacted] (Bearer [redacted]) application/json');
  });

  test('leaves text alone when no credential occurs, and never redacts short values', () => {
    assert.equal(redactCredentials('model not found', { authorization: 'Bearer sk-abcdefgh12345' }), 'model not found');
    assert.equal(redactCredentials('the key is short', { 'api-key': 'short' }), 'the key is short');
  });
});
