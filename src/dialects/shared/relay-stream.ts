import type { FastifyReply } from 'fastify';
import type { GatewayError } from '../../errors/index.js';
import { SseWriter } from '../../http/index.js';
import { batchesOf, type StreamPart, type Warning } from '../../spec/index.js';
import { warningsHeaderName, warningsHeaderValue } from './warnings-header.js';

/** One SSE event: a `data:` payload, or a payload with an `event:` name (Anthropic names every event). */
export type SseOut = string | { event: string; data: string };

/** How a dialect writes a stream: what to send first, per part, on failure, and at the end. */
export interface StreamEncoding {
  /** Events written as soon as the stream opens (e.g. role chunks). */
  opening(): SseOut[];
  /** Event(s) for one part (undefined when it has none). */
  encode(part: StreamPart): SseOut | SseOut[] | undefined;
  /** The in-band error event that ends a broken stream. */
  error(error: GatewayError): SseOut;
  /** Events after a complete stream (e.g. `[DONE]`). */
  closing(): SseOut[];
}

function write(writer: SseWriter, out: SseOut): Promise<void> | undefined {
  return typeof out === 'string' ? writer.send(out) : writer.send(out.data, out.event);
}

/**
 * Relays parts to the client as SSE with backpressure. Headers go out when `stream-start` arrives;
 * a failure after that is reported in-band and the stream ends without the closing events — never
 * a fake finish. Stops reading (which aborts the upstream) as soon as the client goes away.
 */
export function relayStream(reply: FastifyReply, parts: AsyncIterable<StreamPart>, encoding: StreamEncoding, dialectWarnings: Warning[] = []): Promise<void> {
  return new StreamRelay(reply, batchesOf(parts)[Symbol.asyncIterator](), encoding, dialectWarnings).relay();
}

/**
 * One relay, a batch (the parts of one upstream read) at a time: one write and at most one wait for
 * drain per batch. It reads as a `for await` loop would (an early stop closes the batches; a failure
 * of the batches themselves does not), but as an object: an async function suspended in its loop
 * keeps its frame for every open stream.
 */
class StreamRelay {
  private readonly writer: SseWriter;
  private opened = false;
  private settle!: { resolve: () => void; reject: (error: unknown) => void };

  constructor(private readonly reply: FastifyReply, private readonly batches: AsyncIterator<readonly StreamPart[]>,
    private readonly encoding: StreamEncoding, private readonly dialectWarnings: Warning[]) {
    this.writer = new SseWriter(reply.raw);
    reply.hijack();
  }

  relay(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      this.pull();
    });
  }

  private pull(): void {
    this.batches.next().then((next) => this.relayBatch(next), (error: unknown) => this.finish(true, error));
  }

  private relayBatch(next: IteratorResult<readonly StreamPart[]>): void {
    const { writer, encoding } = this;
    let drained: Promise<void> | undefined;
    try {
      if (next.done) {
        if (!this.opened) this.open([]);
        for (const event of encoding.closing()) write(writer, event);
      } else {
        for (const part of next.value) {
          if (writer.isClosed) return this.stop(false);
          if (part.type === 'stream-start') {
            this.open(part.warnings);
            continue;
          }
          if (!this.opened) this.open([]);
          if (part.type === 'error') {
            write(writer, encoding.error(part.error));
            return this.stop(false);
          }
          const event = encoding.encode(part);
          if (event === undefined) continue;
          if (Array.isArray(event)) for (const each of event) drained = write(writer, each) ?? drained;
          else drained = write(writer, event) ?? drained;
        }
      }
    } catch (error) {
      return this.stop(true, error);
    }
    if (next.done) this.finish(false);
    else if (drained) drained.then(() => this.pull(), (error: unknown) => this.stop(true, error));
    else this.pull();
  }

  private open(warnings: Warning[]): void {
    const { reply, writer } = this;
    const headers = ['x-request-id', reply.request.id];
    if (warnings.length > 0 || this.dialectWarnings.length > 0) headers.push(warningsHeaderName, warningsHeaderValue([...warnings, ...this.dialectWarnings]));
    const attempts = reply.getHeader('x-qiao-attempts');
    if (typeof attempts === 'string') headers.push('x-qiao-attempts', attempts);
    writer.open(headers);
    this.opened = true;
    for (const event of this.encoding.opening()) write(writer, event);
  }

  /** Stops before the batches ended: closes them first (a failure to close counts only when nothing failed before). */
  private stop(failed: boolean, error?: unknown): void {
    new Promise((resolve) => resolve(this.batches.return?.())).then(
      () => this.finish(failed, error),
      (returnError: unknown) => this.finish(true, failed ? error : returnError),
    );
  }

  private finish(failed: boolean, error?: unknown): void {
    try {
      this.writer.end();
    } finally {
      if (failed) this.settle.reject(error);
      else this.settle.resolve();
    }
  }
}
