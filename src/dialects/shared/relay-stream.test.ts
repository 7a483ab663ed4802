import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { UpstreamError } from '../../errors/index.js';
import { batchedStream, type StreamPart } from '../../spec/index.js';
import { scriptedBatches } from '../../../test/support/scripted-batches.js';
import { relayStream, type StreamEncoding } from './relay-stream.js';

const encoding: StreamEncoding = {
  opening: () => ['open'],
  encode: (part) => (part.type === 'text-delta' ? part.text : undefined),
  error: (error) => `error: ${error.message}`,
  closing: () => ['[DONE]'],
};

/** Scripted batches as a batched stream of parts. */
function batches(list: (readonly StreamPart[] | Error)[]) {
  const { iterator, seen } = scriptedBatches(list);
  return { parts: batchedStream(iterator), seen };
}

/** Relays `parts` through a real Fastify reply; the response body, and how the relay's promise ended. */
async function relayed(parts: AsyncIterable<StreamPart>, with_ = encoding) {
  const app = Fastify();
  let outcome: unknown = 'pending';
  app.post('/', (_request, reply) => relayStream(reply, parts, with_).then(() => { outcome = 'resolved'; }, (error: unknown) => { outcome = error; }));
  const response = await app.inject({ method: 'POST', url: '/' });
  await app.close();
  return { body: response.body, outcome };
}

const text = (value: string): StreamPart => ({ type: 'text-delta', index: 0, text: value });

test('a relayed stream: opening, a data event per part, closing, and the relay resolves', async () => {
  const { parts, seen } = batches([[{ type: 'stream-start', warnings: [] }, text('a')], [text('b')]]);
  const { body, outcome } = await relayed(parts);
  assert.equal(body, 'data: open\n\ndata: a\n\ndata: b\n\ndata: [DONE]\n\n');
  assert.equal(outcome, 'resolved');
  assert.equal(seen.closed, false, 'batches read to their end are not closed again');
});

test('an error part ends the stream in-band, without the closing events, and closes the batches', async () => {
  const failure = new UpstreamError('cut', 502, false, { provider: 'p' });
  const { parts, seen } = batches([[text('a'), { type: 'error', error: failure }], [text('never')]]);
  const { body, outcome } = await relayed(parts);
  assert.equal(body, 'data: open\n\ndata: a\n\ndata: error: cut\n\n');
  assert.equal(outcome, 'resolved');
  assert.equal(seen.closed, true);
});

test('an encoding that throws closes the batches, ends the response and rejects with its error', async () => {
  const boom = new Error('encoder broke');
  const { parts, seen } = batches([[text('a')], [text('b')]]);
  const { body, outcome } = await relayed(parts, { ...encoding, encode: (part) => { if (part.type === 'text-delta' && part.text === 'b') throw boom; return encoding.encode(part); } });
  assert.equal(body, 'data: open\n\ndata: a\n\n');
  assert.equal(outcome, boom);
  assert.equal(seen.closed, true);
});

test('batches that fail end the response and reject, and are not closed (as for await)', async () => {
  const broken = new Error('batches broke');
  const { parts, seen } = batches([[text('a')], broken]);
  const { body, outcome } = await relayed(parts);
  assert.equal(body, 'data: open\n\ndata: a\n\n');
  assert.equal(outcome, broken);
  assert.equal(seen.closed, false);
});
