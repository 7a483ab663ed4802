import { Readable } from 'node:stream';

type Chunk = Uint8Array | string;

/**
 * Reads a body chunk by chunk. A Node stream (undici's response bodies) is read by a
 * ReadableReader; anything else through its own async iterator.
 */
export function readerOf(body: AsyncIterable<Chunk>): AsyncIterator<Chunk> {
  return body instanceof Readable ? new ReadableReader(body) : body[Symbol.asyncIterator]();
}

/**
 * Reads a Node stream as an AsyncIterator: one object and four listeners. Node's own iterator is
 * an async generator with an end-of-stream watcher, which together hold some ten closures and
 * listeners for as long as the body is open, that is for every open upstream stream. It ends and
 * fails as Node's does: done at `end`; the stream's error; `Premature close` when it closes first.
 */
export class ReadableReader implements AsyncIterator<Chunk> {
  /** undefined while the stream is open, null once it ended, else why it failed. */
  private outcome: Error | null | undefined;
  /** The pending `next()`'s settlers, while it waits for the stream. */
  private resolveNext: ((result: IteratorResult<Chunk>) => void) | undefined;
  private rejectNext: ((error: Error) => void) | undefined;
  private readonly onReadable = (): void => this.notify();
  private readonly onEnd = (): void => this.settle(null);
  private readonly onError = (error: Error): void => this.settle(error);
  // 'close' follows 'end' on every body; an Error (with its stack) is made only when it came first.
  private readonly onClose = (): void => {
    if (this.outcome === undefined) this.settle(prematureClose());
  };

  constructor(private readonly stream: Readable) {
    if (stream.errored) this.outcome = stream.errored;
    else if (stream.readableEnded) this.outcome = null;
    else if (stream.destroyed) this.outcome = prematureClose();
    stream.on('readable', this.onReadable);
    stream.on('end', this.onEnd);
    stream.on('error', this.onError);
    stream.on('close', this.onClose);
  }

  // Not an async function: a suspended one keeps its frame (some 300 bytes) for every open stream.
  next(): Promise<IteratorResult<Chunk>> {
    return new Promise((resolve, reject) => {
      if (this.settled(resolve, reject)) return;
      this.resolveNext = resolve;
      this.rejectNext = reject;
    });
  }

  /** Stops reading early: the stream is destroyed, as Node's iterator does (undici then closes the call). */
  async return(): Promise<IteratorResult<Chunk>> {
    if (this.outcome === undefined) {
      this.outcome = null;
      this.stream.destroy();
    }
    this.notify();
    return this.finish();
  }

  private finish(): IteratorResult<Chunk> {
    this.detach();
    return { done: true, value: undefined };
  }

  /** Settles a `next()` with a chunk, the end or the failure, if one is there; false while the stream has none yet. */
  private settled(resolve: (result: IteratorResult<Chunk>) => void, reject: (error: Error) => void): boolean {
    const chunk: Chunk | null = this.stream.destroyed ? null : this.stream.read();
    if (chunk !== null) resolve({ done: false, value: chunk });
    else if (this.outcome === null) resolve(this.finish());
    else if (this.outcome) {
      this.detach();
      reject(this.outcome);
    } else return false;
    return true;
  }

  private settle(outcome: Error | null): void {
    if (this.outcome === undefined) this.outcome = outcome;
    this.notify();
  }

  /** Lets a waiting `next()` look again. */
  private notify(): void {
    const resolve = this.resolveNext;
    if (resolve === undefined) return;
    const reject = this.rejectNext!;
    this.resolveNext = this.rejectNext = undefined;
    if (!this.settled(resolve, reject)) {
      this.resolveNext = resolve;
      this.rejectNext = reject;
    }
  }

  /** Stops listening, but to errors: undici reports a body destroyed before its end as an error, on a later tick. */
  private detach(): void {
    this.stream.off('readable', this.onReadable);
    this.stream.off('end', this.onEnd);
    this.stream.off('close', this.onClose);
  }
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}
