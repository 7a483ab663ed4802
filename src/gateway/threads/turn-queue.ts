import { ClientClosedError } from '../../errors/index.js';

/** Lets go of a held turn. Safe to call more than once. */
export type Release = () => void;

/** Makes `action` run at most once. */
export function once(action: () => void): Release {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    action();
  };
}

/**
 * Serialises turns per key inside one process: each acquirer waits for the one before it, in order.
 * Waiting ends with `busy()` after `waitMs`, or ClientClosedError when the signal aborts; an
 * acquirer that gives up never blocks those behind it.
 */
export class TurnQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(key: string, waitMs: number, signal: AbortSignal | undefined, busy: () => Error): Promise<Release> {
    const before = this.tails.get(key);
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    const tail = before ? before.then(() => mine) : mine;
    this.tails.set(key, tail);
    const done = once(() => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    if (!before) return done;
    try {
      await waitFor(before, waitMs, signal, busy);
      return done;
    } catch (error) {
      done();
      throw error;
    }
  }
}

/** Resolves with `promise`, or rejects with `timeout()` after `waitMs` or ClientClosedError when the signal aborts. */
export function waitFor(promise: Promise<unknown>, waitMs: number, signal: AbortSignal | undefined, timeout: () => Error): Promise<void> {
  if (signal?.aborted) return Promise.reject(closed());
  return new Promise((resolve, reject) => {
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const timer = setTimeout(() => finish(() => reject(timeout())), waitMs);
    const onAbort = () => finish(() => reject(closed()));
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(() => finish(resolve), (error: unknown) => finish(() => reject(error as Error)));
  });
}

/** The client went away while its turn waited. */
export function closed(): ClientClosedError {
  return new ClientClosedError('The client closed the connection while its turn waited for the thread.');
}
