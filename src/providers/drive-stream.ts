import { readerOf, upstreamFailure, type BodyDecoder } from '../http/index.js';
import { batchedStream, type BatchedStream, type StreamPart, type Warning } from '../spec/index.js';

/** What every protocol's pure wire → StreamPart state machine (`<p>-stream.ts`) offers the driver. */
export interface StreamStateMachine {
  /** Appends the parts owed once the body has ended (last finish, usage, or an error for a cut stream). */
  end(parts: StreamPart[]): void;
  /** True once an error part has been produced; nothing is read after it. */
  readonly hasFailed: boolean;
  /**
   * True once the wire has said the answer is complete (OpenAI's `[DONE]`). The stream then ends at
   * once; the rest of the body is still read, in the background, so the socket goes back to the pool.
   */
  readonly isComplete?: boolean;
}

/** Who is streaming, for errors and the `stream-start` part. */
export interface StreamContext {
  provider: string;
  warnings: Warning[];
  signal?: AbortSignal;
}

/**
 * Runs a state machine over an upstream body, decoded read by read into wire events:
 * `stream-start`, then the parts of each network read as soon as it arrives (as one batch, see
 * BatchedStream), then the parts owed at the end. A transport failure or a malformed body ends the
 * stream with an `error` part; after an error part nothing more is read (returning closes the
 * upstream body). The body is read here, not through a decoding generator: every open stream
 * would hold that generator's frame too.
 */
export function driveStream<Event>(
  body: AsyncIterable<Uint8Array | string>, decoder: BodyDecoder<Event>, state: StreamStateMachine,
  push: (event: Event, parts: StreamPart[]) => void, context: StreamContext,
): BatchedStream {
  return batchedStream(partBatches(body, decoder, state, push, context));
}

async function* partBatches<Event>(
  body: AsyncIterable<Uint8Array | string>, decoder: BodyDecoder<Event>, state: StreamStateMachine,
  push: (event: Event, parts: StreamPart[]) => void, context: StreamContext,
): AsyncGenerator<readonly StreamPart[]> {
  yield [{ type: 'stream-start', warnings: context.warnings }];
  let parts: StreamPart[] = [];
  const reader = readerOf(body);
  let draining = false;
  try {
    for (;;) {
      const next = await reader.next();
      const events = next.done ? decoder.end() : decoder.decode(next.value);
      for (let i = 0; i < events.length && !state.hasFailed; i++) push(events[i]!, parts);
      if (decoder.failure !== undefined && !state.hasFailed) throw decoder.failure;
      if (state.hasFailed) {
        yield parts;
        return;
      }
      if (next.done) break;
      if (state.isComplete) {
        // The body's own end usually arrives one network read later: waiting for it would hold the
        // answer's last write (and the client) back by a read.
        draining = true;
        void drainRest(reader);
        break;
      }
      if (parts.length === 0) continue;
      yield parts;
      parts = [];
    }
  } catch (error) {
    // The parts of the read's events before the one that failed still go out first.
    parts.push({ type: 'error', error: upstreamFailure(error, context.provider, context.signal) });
    yield parts;
    return;
  } finally {
    if (!draining) await reader.return?.();
  }
  state.end(parts);
  if (parts.length > 0) yield parts;
}

/** Reads what is left of a complete answer's body and drops it (a failure there changes nothing). */
async function drainRest(reader: AsyncIterator<unknown>): Promise<void> {
  try {
    while (!(await reader.next()).done);
  } catch {
    // The answer was already complete.
  }
}
