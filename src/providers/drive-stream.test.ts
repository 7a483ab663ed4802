import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { SseDecoder, type SseEvent } from '../http/index.js';
import type { StreamPart } from '../spec/index.js';
import { driveStream, type StreamStateMachine } from './drive-stream.js';

/** A state machine that turns each event's data into a text part and finishes at `end`. */
function echoState(): StreamStateMachine & { push(event: SseEvent, parts: StreamPart[]): void } {
  return {
    hasFailed: false,
    push(event, parts) {
      parts.push({ type: 'text-delta', index: 0, text: event.data });
    },
    end(parts) {
      parts.push({ type: 'finish', index: 0, finishReason: 'stop' });
    },
  };
}

test('a driven stream hands out stream-start, a batch per read, then the end', async () => {
  const body = new PassThrough();
  const state = echoState();
  const stream = driveStream(body, new SseDecoder(), state, (event, parts) => state.push(event, parts), { provider: 'p', warnings: [] });
  body.write('data: a\n\ndata: b\n\n');
  body.end('data: c\n\n');
  const batches: string[][] = [];
  for await (const batch of stream.batches) batches.push(batch.map((part) => part.type === 'text-delta' ? part.text : part.type));
  assert.deepEqual(batches.flat(), ['stream-start', 'a', 'b', 'c', 'finish']);
  assert.deepEqual(batches[0], ['stream-start']);
});

test('closing a driven stream right after stream-start closes the upstream body it never read', async () => {
  const body = new PassThrough();
  const state = echoState();
  const stream = driveStream(body, new SseDecoder(), state, (event, parts) => state.push(event, parts), { provider: 'p', warnings: [] });
  const batches = stream.batches[Symbol.asyncIterator]();
  assert.equal((await batches.next()).done, false);
  await batches.return?.();
  assert.equal(body.destroyed, true);
  assert.deepEqual(await batches.next(), { done: true, value: undefined });
});

test('a body that fails mid-stream ends the stream with an error part after the parts already read', async () => {
  const body = new PassThrough();
  const state = echoState();
  const stream = driveStream(body, new SseDecoder(), state, (event, parts) => state.push(event, parts), { provider: 'p', warnings: [] });
  body.write('data: a\n\n');
  const parts: StreamPart[] = [];
  for await (const batch of stream.batches) {
    parts.push(...batch);
    if (batch.some((part) => part.type === 'text-delta')) body.destroy(new Error('socket hang up'));
  }
  assert.deepEqual(parts.map((part) => part.type), ['stream-start', 'text-delta', 'error']);
});
