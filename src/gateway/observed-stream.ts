import { toGatewayError, type GatewayError } from '../errors/index.js';
import type { PartBatches, StreamPart, Usage, Warning } from '../spec/index.js';
import type { AttemptControl } from './routing/attempt-control.js';
import { StreamTally } from './usage/stream-tally.js';

type BatchResult = IteratorResult<readonly StreamPart[]>;
const done: BatchResult = Object.freeze({ done: true, value: undefined });

/** What an observed stream saw, once it is over. */
export interface ObservedOutcome {
  /** Why it failed (as the try's control explains it), if it did. */
  readonly error: GatewayError | undefined;
  /** Whether a `finish` part came. */
  readonly finished: boolean;
  readonly usage: Usage | undefined;
  readonly warnings: Warning[];
  /** Milliseconds from the call's start to the first part of the answer. */
  readonly ttftMs: number | undefined;
  /** The answer's pieces, for usage the upstream did not report and for the usage log. */
  readonly tally: StreamTally;
}

/**
 * A routed stream's batches, every part noted as it passes (usage, warnings, time to first token,
 * the finish, the answer's text) and the try's idle timer refreshed; `ended` runs once, when the
 * stream is over for any reason (read to its end, failed, or closed early by its reader).
 *
 * An iterator object, not an async generator: a suspended generator keeps its frame (registers,
 * context, request queue: ~700 bytes) for every open stream.
 */
export class ObservedBatches implements AsyncIterableIterator<readonly StreamPart[]>, ObservedOutcome {
  error: GatewayError | undefined;
  finished = false;
  usage: Usage | undefined;
  warnings: Warning[] = [];
  ttftMs: number | undefined;
  readonly tally = new StreamTally();
  private iterator: AsyncIterator<readonly StreamPart[]> | undefined;
  /** True until the source ends, fails (its error batch is handed out) or is closed early. */
  private reading = true;
  private closed: Promise<BatchResult> | undefined;

  constructor(
    private head: readonly StreamPart[] | undefined,
    private readonly source: PartBatches,
    private readonly control: AttemptControl,
    private readonly started: number,
    private readonly idle: NodeJS.Timeout | undefined,
    private readonly ended: (outcome: ObservedOutcome) => Promise<void>,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<BatchResult> {
    if (!this.reading) return this.close();
    const head = this.head;
    if (head) {
      this.head = undefined;
      return Promise.resolve({ done: false, value: this.trackAll(head) });
    }
    return (this.iterator ??= this.source[Symbol.asyncIterator]()).next().then(
      (next) => next.done ? this.close() : { done: false, value: this.trackAll(next.value) },
      // Once bytes went out, a failure is reported in-band; the dialect ends the stream with it.
      (thrown: unknown): BatchResult => {
        const error = this.control.explain(toGatewayError(thrown));
        this.reading = false;
        this.error = error;
        return { done: false, value: [{ type: 'error', error }] };
      },
    );
  }

  /** Stops early (the client went away, or the dialect stopped at an error part): the upstream is closed. */
  async return(): Promise<BatchResult> {
    try {
      if (this.reading) {
        this.reading = false;
        await (this.iterator ??= this.source[Symbol.asyncIterator]()).return?.();
      }
    } finally {
      await this.close();
    }
    return done;
  }

  private close(): Promise<BatchResult> {
    this.reading = false;
    return (this.closed ??= this.end());
  }

  private async end(): Promise<BatchResult> {
    if (this.idle) clearTimeout(this.idle);
    await this.ended(this);
    return done;
  }

  private trackAll(batch: readonly StreamPart[]): readonly StreamPart[] {
    let tracked: StreamPart[] | undefined;
    for (let i = 0; i < batch.length; i++) {
      const part = this.track(batch[i]!);
      if (part !== batch[i]) (tracked ??= [...batch])[i] = part;
    }
    return tracked ?? batch;
  }

  private track(part: StreamPart): StreamPart {
    this.idle?.refresh();
    switch (part.type) {
      case 'stream-start': this.warnings = part.warnings; break;
      case 'text-delta': case 'reasoning-delta': case 'tool-call-delta': this.ttftMs ??= performance.now() - this.started; break;
      case 'finish': this.finished = true; break;
      case 'usage': this.usage = part.usage; break;
      case 'error': {
        const error = this.control.explain(part.error);
        this.error = error;
        if (error !== part.error) return { type: 'error', error };
        break;
      }
    }
    this.tally.add(part);
    return part;
  }
}
