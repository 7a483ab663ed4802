import { UpstreamTimeoutError, toGatewayError } from '../../errors/index.js';
import type { StreamPart } from '../../spec/index.js';
import type { AttemptControl } from './attempt-control.js';

/** A stream whose answer has begun: what was read to see that, and the rest. */
export interface OpenedStream {
  /** `stream-start` (if any) and the first part of the answer. */
  head: StreamPart[];
  /** The remaining parts (the same upstream iterator). */
  rest: AsyncIterable<StreamPart>;
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
  let iterator: AsyncIterator<StreamPart> | undefined;
  try {
    iterator = (await start())[Symbol.asyncIterator]();
    const head: StreamPart[] = [];
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (next.value.type === 'error' && control.explain(next.value.error).retryable) throw next.value.error;
      head.push(next.value);
      if (next.value.type !== 'stream-start') break;
    }
    const rest = iterator;
    return { head, rest: { [Symbol.asyncIterator]: () => rest } };
  } catch (error) {
    void iterator?.return?.().catch(() => undefined);
    throw control.explain(toGatewayError(error));
  } finally {
    clearTimeout(timer);
  }
}
