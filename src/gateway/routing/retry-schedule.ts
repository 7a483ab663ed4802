import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import type { RoutingConfig } from '../../config/index.js';
import type { GatewayError } from '../../errors/index.js';
import type { ClientLink } from './client-link.js';

/**
 * The waits between tries of one deployment: cockatiel's exponential backoff with decorrelated
 * jitter, never shorter than the upstream's `retry-after`. A `retry-after` beyond
 * `maxRetryAfterMs` is not waited for: the router moves on to the next deployment instead.
 */
export class RetrySchedule {
  private backoff: IBackoff<unknown> | undefined;

  constructor(private readonly factory: ExponentialBackoff<unknown>, private readonly maxRetryAfterMs: number) {}

  /** A schedule per the routing settings. */
  static from(routing: RoutingConfig): () => RetrySchedule {
    const factory = new ExponentialBackoff({ initialDelay: routing.baseDelayMs, maxDelay: routing.maxDelayMs });
    return () => new RetrySchedule(factory, routing.maxRetryAfterMs);
  }

  /** Milliseconds to wait before trying again after `error`; undefined to move on at once. */
  next(error: GatewayError): number | undefined {
    const retryAfterMs = (error.retryAfterSeconds ?? 0) * 1000;
    if (retryAfterMs > this.maxRetryAfterMs) return undefined;
    this.backoff = this.backoff ? this.backoff.next(undefined) : this.factory.next();
    return Math.max(Math.round(this.backoff.duration), retryAfterMs);
  }
}

/** Waits `ms`, or less when the client goes away; never leaves a timer behind. */
export function abortableSleep(ms: number, client: ClientLink): Promise<void> {
  if (ms <= 0 || client.gone) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unwatch();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unwatch = client.watch(done);
  });
}
