import type { RequestLogEntry, Storage } from '../storage/index.js';
import type { Logger } from './logger.js';
import { PriceTable } from './usage/price-table.js';
import { redactedJson } from './usage/redact-body.js';

/** How the recorder batches. */
export interface UsageRecorderOptions {
  /** Longest a row waits before being written. */
  flushIntervalMs: number;
  /** Rows that trigger an immediate write. */
  maxBatch: number;
  /** Rows kept in memory while the database is failing, before the oldest are dropped (and logged). */
  maxQueued: number;
  /** Prices that fill each entry's `costUsd`. */
  prices: PriceTable;
  /** Whether request and response bodies are stored (`usage.logBodies`), secrets redacted. */
  logBodies: boolean;
}

const defaults: UsageRecorderOptions = { flushIntervalMs: 1000, maxBatch: 500, maxQueued: 100_000, prices: new PriceTable(), logBodies: false };

/** Writes the usage log in batches off the request path: `record` only queues. */
export class UsageRecorder {
  private queue: RequestLogEntry[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly options: UsageRecorderOptions;
  private readonly observers: ((entry: RequestLogEntry) => void)[] = [];

  constructor(private readonly storage: { requestLog: Pick<Storage['requestLog'], 'insertMany'> }, private readonly logger: Logger, options: Partial<UsageRecorderOptions> = {}) {
    this.options = { ...defaults, ...options };
    this.timer = setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  /** Calls `observer` with every entry as it is recorded (metrics, traces); it runs on the request path, so it must be cheap. */
  observe(observer: (entry: RequestLogEntry) => void): void {
    this.observers.push(observer);
  }

  /** Queues one finished call, its cost filled in from the price table when its tokens are known. */
  record(entry: RequestLogEntry): void {
    if (entry.costUsd === undefined && entry.inputTokens !== undefined) {
      const price = this.options.prices.priceOf([entry.deployment, entry.upstreamModel, entry.requestedModel]);
      if (price) entry.costUsd = PriceTable.cost(price, { inputTokens: entry.inputTokens, outputTokens: entry.outputTokens ?? 0, cachedInputTokens: entry.cachedTokens });
    }
    this.queue.push(entry);
    for (const observer of this.observers) {
      try {
        observer(entry);
      } catch (error) {
        this.logger.error({ err: error }, 'usage observer failed');
      }
    }
    if (this.queue.length >= this.options.maxBatch) void this.flush();
  }

  /** Whether the usage log stores bodies (`usage.logBodies`): when not, nobody need build one. */
  get logsBodies(): boolean {
    return this.options.logBodies;
  }

  /** A body as the usage log stores it (redacted JSON), or undefined when body logging is off. */
  bodyText(body: unknown): string | undefined {
    return this.options.logBodies ? redactedJson(body) : undefined;
  }

  /** Writes everything queued; resolves when it is stored. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.flushing = this.storage.requestLog.insertMany(batch).catch((error: unknown) => {
      this.queue = batch.concat(this.queue);
      const excess = this.queue.length - this.options.maxQueued;
      if (excess > 0) this.queue.splice(0, excess);
      this.logger.error({ err: error, queued: this.queue.length, dropped: Math.max(0, excess) }, 'usage log write failed; will retry');
    }).finally(() => { this.flushing = undefined; });
    await this.flushing;
  }

  /** Stops the timer and writes what is left. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
