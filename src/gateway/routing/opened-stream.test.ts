import assert from 'node:assert/strict';
import { test } from 'node:test';
import { batchedStream, type StreamPart } from '../../spec/index.js';
import { AttemptControl } from './attempt-control.js';
import { clientLinkOf } from './client-link.js';
import { openStream } from './opened-stream.js';

const text = (value: string): StreamPart => ({ type: 'text-delta', index: 0, text: value });

/** An upstream whose first read carries several parts and whose next read never comes; tells when it is closed. */
function stalledUpstream(): { start: () => Promise<AsyncIterable<StreamPart>>; closed: Promise<void> } {
  let markClosed!: () => void;
  const closed = new Promise<void>((resolve) => { markClosed = resolve; });
  async function* batches(): AsyncGenerator<readonly StreamPart[]> {
    try {
      yield [{ type: 'stream-start', warnings: [] }, text('a'), text('b'), text('c')];
      await new Promise(() => undefined);
    } finally {
      markClosed();
    }
  }
  return { start: async () => batchedStream(batches()), closed };
}

test('the first answer part ends the head; the rest of its read follows in the rest, batched', async () => {
  const upstream = stalledUpstream();
  const opened = await openStream(upstream.start, new AttemptControl(clientLinkOf(new AbortController().signal)), 10_000, 'd');
  assert.deepEqual(opened.head.map((part) => part.type), ['stream-start', 'text-delta']);
  const first = await opened.rest.batches[Symbol.asyncIterator]().next();
  assert.deepEqual(first.value, [text('b'), text('c')]);
});

test('a reader that stops within the rest of the first read closes the upstream (which would otherwise hang)', { timeout: 10_000 }, async () => {
  const upstream = stalledUpstream();
  const opened = await openStream(upstream.start, new AttemptControl(clientLinkOf(new AbortController().signal)), 10_000, 'd');
  for await (const part of opened.rest) {
    assert.deepEqual(part, text('b'));
    break;
  }
  await upstream.closed;
});

test('returning the rest before reading any of it closes the upstream', { timeout: 10_000 }, async () => {
  const upstream = stalledUpstream();
  const opened = await openStream(upstream.start, new AttemptControl(clientLinkOf(new AbortController().signal)), 10_000, 'd');
  await opened.rest.return(undefined);
  await upstream.closed;
});
