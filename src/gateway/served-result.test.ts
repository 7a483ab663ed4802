import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ChatResult, EmbeddingResult } from '../spec/index.js';
import type { Served } from './chat-service.js';
import { servedChat, servedEmbedding } from './served-result.js';

const served = { route: { requested: 'm' }, deployment: { name: 'd' }, attempts: 2, attemptLog: [] } as unknown as Served;

test('a served chat result keeps every field of the result, beside how it was served', () => {
  const result: ChatResult = {
    choices: [{ index: 0, content: 'hi', finishReason: 'stop' }], usage: { inputTokens: 1, outputTokens: 2 },
    warnings: [{ code: 'other', message: 'w' }], upstreamId: 'up-1', providerMetadata: { p: { conversation: { id: 'c' } } },
  };
  assert.deepEqual(servedChat(result, served), { ...result, ...served });
});

test('a served embedding result keeps every field of the result, beside how it was served', () => {
  const result: EmbeddingResult = { embeddings: [[0.5]], inputTokens: 3, warnings: [] };
  assert.deepEqual(servedEmbedding(result, served), { ...result, ...served });
});
