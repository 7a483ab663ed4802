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
  private wake: (() => void) | undefined;
  private readonly onReadable = (): void => this.notify();
  private readonly onEnd = (): void => this.settle(null);
  private readonly onError = (error: Error): void => this.settle(error);
  private readonly onClose = (): void => this.settle(prematureClose());

  constructor(private readonly stream: Readable) {
    if (stream.errored) this.outcome = stream.errored;
    else if (stream.readableEnded) this.outcome = null;
    else if (stream.destroyed) this.outcome = prematureClose();
    stream.on('readable', this.onReadable);
    stream.on('end', this.onEnd);
    stream.on('error', this.onError);
    stream.on('close', this.onClose);
  }

  async next(): Promise<IteratorResult<Chunk>> {
    for (;;) {
      const chunk: Chunk | null = this.stream.destroyed ? null : this.stream.read();
      if (chunk !== null) return { done: false, value: chunk };
      if (this.outcome === null) return this.finish();
      if (this.outcome) {
        this.detach();
        throw this.outcome;
      }
      await new Promise<void>((resolve) => { this.wake = resolve; });
    }
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

  private settle(outcome: Error | null): void {
    if (this.outcome === undefined) this.outcome = outcome;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
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
