import { UpstreamTimeoutError, toGatewayError } from '../../errors/index.js';
import { batchedStream, batchesOf, type BatchedStream, type StreamPart } from '../../spec/index.js';
import type { AttemptControl } from './attempt-control.js';

/** A stream whose answer has begun: what was read to see that, and the rest. */
export interface OpenedStream {
  /** `stream-start` (if any) and the first part of the answer. */
  head: StreamPart[];
  /** The remaining parts (the same upstream iterator), readable a batch at a time. */
  rest: BatchedStream;
}

/** Ends a try whose stream stays silent for `idleMs` (a deployment's own `timeouts.idleMs`); `refresh()` it per part. */
export function idleTimer(control: AttemptControl, idleMs: number, deployment: string): NodeJS.Timeout {
  return setTimeout(() => control.abort(new UpstreamTimeoutError(
    `Upstream ${deployment} sent nothing for ${idleMs} ms mid-stream (timeouts.idleMs).`,
  )), idleMs);
}

/**
 * Reads a stream up to the first part of the answer, so that a retryable failure before it (an
 * error event, a cut, silence beyond `firstByteMs`) can still be retried or fall back: throws it.
 * A non-retryable error part is the answer: it stays in the stream, reported in-band as before.
 */
export async function openStream(start: () => Promise<AsyncIterable<StreamPart>>, control: AttemptControl, firstByteMs: number, deployment: string): Promise<OpenedStream> {
  const timer = setTimeout(() => control.abort(new UpstreamTimeoutError(
    `Upstream ${deployment} sent no answer within ${firstByteMs} ms (timeouts.firstByteMs).`,
  )), firstByteMs);
  let batches: AsyncIterator<readonly StreamPart[]> | undefined;
  try {
    batches = batchesOf(await start())[Symbol.asyncIterator]();
    const head: StreamPart[] = [];
    let leftover: readonly StreamPart[] = [];
    reading: for (;;) {
      const next = await batches.next();
      if (next.done) break;
      const batch = next.value;
      for (let i = 0; i < batch.length; i++) {
        const part = batch[i]!;
        if (part.type === 'error' && control.explain(part.error).retryable) throw part.error;
        head.push(part);
        if (part.type !== 'stream-start') {
          leftover = batch.slice(i + 1);
          break reading;
        }
      }
    }
    return { head, rest: batchedStream(new RestOfStream(leftover.length > 0 ? leftover : undefined, batches)) };
  } catch (error) {
    void batches?.return?.().catch(() => undefined);
    throw control.explain(toGatewayError(error));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What is left of the first read's batch, then the remaining batches. An iterator of its own rather
 * than a generator: `return()` must close the upstream even when nothing was read yet (a generator
 * that never started ignores it).
 */
class RestOfStream implements AsyncIterableIterator<readonly StreamPart[]> {
  constructor(private leftover: readonly StreamPart[] | undefined, private readonly batches: AsyncIterator<readonly StreamPart[]>) {}

  next(): Promise<IteratorResult<readonly StreamPart[]>> {
    const leftover = this.leftover;
    this.leftover = undefined;
    return leftover ? Promise.resolve({ done: false, value: leftover }) : this.batches.next();
  }

  async return(): Promise<IteratorResult<readonly StreamPart[]>> {
    this.leftover = undefined;
    await this.batches.return?.();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
