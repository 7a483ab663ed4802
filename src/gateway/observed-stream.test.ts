import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UpstreamError } from '../errors/index.js';
import type { StreamPart } from '../spec/index.js';
import { ObservedBatches, type ObservedOutcome } from './observed-stream.js';
import { AttemptControl } from './routing/attempt-control.js';
import { scriptedBatches } from '../../test/support/scripted-batches.js';

const client = { gone: false, watch: () => () => {} };

function observed(head: readonly StreamPart[] | undefined, batches: AsyncIterable<readonly StreamPart[]>) {
  const outcomes: ObservedOutcome[] = [];
  const stream = new ObservedBatches(head, batches, new AttemptControl(client), performance.now(), undefined, async (outcome) => {
    outcomes.push({ ...outcome });
  });
  return { stream, outcomes };
}

test('an observed stream hands out every batch, notes what passed, and ends once', async () => {
  const { iterator } = scriptedBatches([[{ type: 'text-delta', index: 0, text: 'b' }], [{ type: 'finish', index: 0, finishReason: 'stop' }, { type: 'usage', usage: { inputTokens: 1, outputTokens: 2 } }]]);
  const { stream, outcomes } = observed([{ type: 'stream-start', warnings: [] }, { type: 'text-delta', index: 0, text: 'a' }], iterator);
  const seen: StreamPart[] = [];
  for await (const batch of stream) seen.push(...batch);
  assert.deepEqual(seen.map((part) => part.type), ['stream-start', 'text-delta', 'text-delta', 'finish', 'usage']);
  assert.equal(outcomes.length, 1);
  assert.equal(outcomes[0]!.finished, true);
  assert.deepEqual(outcomes[0]!.usage, { inputTokens: 1, outputTokens: 2 });
  assert.deepEqual(outcomes[0]!.tally.response(), { content: 'ab' });
  assert.ok(outcomes[0]!.ttftMs !== undefined && outcomes[0]!.ttftMs >= 0);
  assert.deepEqual(await stream.next(), { done: true, value: undefined });
  assert.equal(outcomes.length, 1);
});

test('a source that throws gives one error batch, then the stream ends with that error', async () => {
  const failure = new UpstreamError('cut', 502, false, { provider: 'p' });
  const { iterator } = scriptedBatches([[{ type: 'text-delta', index: 0, text: 'a' }], failure]);
  const { stream, outcomes } = observed(undefined, iterator);
  assert.equal((await stream.next()).done, false);
  const errorBatch = await stream.next();
  assert.deepEqual(errorBatch, { done: false, value: [{ type: 'error', error: failure }] });
  assert.equal(outcomes.length, 0);
  assert.deepEqual(await stream.next(), { done: true, value: undefined });
  assert.equal(outcomes.length, 1);
  assert.equal(outcomes[0]!.error, failure);
});

test('closing the stream after its head closes the source, though it was never read', async () => {
  const { iterator, seen } = scriptedBatches([[{ type: 'text-delta', index: 0, text: 'b' }]]);
  const { stream, outcomes } = observed([{ type: 'text-delta', index: 0, text: 'a' }], iterator);
  assert.equal((await stream.next()).done, false);
  assert.deepEqual(await stream.return(), { done: true, value: undefined });
  assert.equal(seen.closed, true);
  assert.equal(seen.read, 0);
  assert.equal(outcomes.length, 1);
  assert.equal(outcomes[0]!.finished, false);
  await stream.return();
  assert.equal(outcomes.length, 1, 'ended runs once');
});
