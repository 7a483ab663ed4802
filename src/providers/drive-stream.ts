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

type Chunk = Uint8Array | string;
type BatchResult = IteratorResult<readonly StreamPart[]>;
const done: BatchResult = Object.freeze({ done: true, value: undefined });

/**
 * Runs a state machine over an upstream body, decoded read by read into wire events:
 * `stream-start`, then the parts of each network read as soon as it arrives (as one batch, see
 * BatchedStream), then the parts owed at the end. A transport failure or a malformed body ends the
 * stream with an `error` part; after an error part nothing more is read (the upstream body is
 * closed). The body is read here, not through a decoding generator: every open stream would hold
 * that generator's frame too.
 */
export function driveStream<Event>(
  body: AsyncIterable<Chunk>, decoder: BodyDecoder<Event>, state: StreamStateMachine,
  push: (event: Event, parts: StreamPart[]) => void, context: StreamContext,
): BatchedStream {
  return batchedStream(new PartBatches(body, decoder, state, push, context));
}

/**
 * The batches of one upstream body. An iterator object, not an async generator: a generator
 * suspended at its `await` keeps its frame (registers, context, request queue: ~600 bytes) for
 * every open stream, and most open streams are waiting for their upstream's next read.
 */
class PartBatches<Event> implements AsyncIterableIterator<readonly StreamPart[]> {
  private reader: AsyncIterator<Chunk> | undefined;
  private started = false;
  private finished = false;
  /** True once a complete answer's body is being read to its end in the background. */
  private draining = false;
  /** Parts not yet handed out: a read whose events make none adds to the next read's batch. */
  private parts: StreamPart[] = [];

  constructor(
    private readonly body: AsyncIterable<Chunk>, private readonly decoder: BodyDecoder<Event>,
    private readonly state: StreamStateMachine, private readonly push: (event: Event, parts: StreamPart[]) => void,
    private readonly context: StreamContext,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<BatchResult> {
    if (this.finished) return Promise.resolve(done);
    if (!this.started) {
      this.started = true;
      return Promise.resolve({ done: false, value: [{ type: 'stream-start', warnings: this.context.warnings }] });
    }
    return (this.reader ??= readerOf(this.body)).next().then((next) => this.afterRead(next), (error: unknown) => this.failed(error));
  }

  /** Stops early: the upstream body is closed. */
  async return(): Promise<BatchResult> {
    if (!this.finished) {
      this.finished = true;
      await this.close();
    }
    return done;
  }

  private afterRead(next: IteratorResult<Chunk>): BatchResult | Promise<BatchResult> {
    const { decoder, state, parts } = this;
    try {
      const events = next.done ? decoder.end() : decoder.decode(next.value);
      for (let i = 0; i < events.length && !state.hasFailed; i++) this.push(events[i]!, parts);
      if (decoder.failure !== undefined && !state.hasFailed) throw decoder.failure;
    } catch (error) {
      // The parts of the read's events before the one that failed still go out first.
      return this.failed(error);
    }
    if (state.hasFailed) return this.last(parts);
    if (next.done || state.isComplete) {
      if (!next.done) {
        // The body's own end usually arrives one network read later: waiting for it would hold the
        // answer's last write (and the client) back by a read.
        this.draining = true;
        void drainRest(this.reader!);
      }
      state.end(parts);
      return this.last(parts);
    }
    if (parts.length === 0) return this.next();
    this.parts = [];
    return { done: false, value: parts };
  }

  private failed(error: unknown): Promise<BatchResult> {
    this.parts.push({ type: 'error', error: upstreamFailure(error, this.context.provider, this.context.signal) });
    return this.last(this.parts);
  }

  /** Hands out the stream's last batch (none when empty), after closing the body. */
  private async last(parts: StreamPart[]): Promise<BatchResult> {
    this.finished = true;
    await this.close();
    return parts.length > 0 ? { done: false, value: parts } : done;
  }

  private async close(): Promise<void> {
    if (!this.draining) await (this.reader ?? readerOf(this.body)).return?.();
  }
}
/** Reads what is left of a complete answer's body and drops it (a failure there changes nothing). */
async function drainRest(reader: AsyncIterator<unknown>): Promise<void> {
  try {
    while (!(await reader.next()).done);
  } catch {
    // The answer was already complete.
  }
}
