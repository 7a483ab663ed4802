import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { closed } from './turn-queue.js';

// Compare-and-act, so an instance never renews or frees a lock that expired and went to another.
const renewScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const releaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Timings of the Redis lock. */
export interface RedisTurnLockOptions {
  /** Lifetime of the lock unless renewed: how long a crashed instance can block a thread. */
  ttlMs: number;
  /** Pause between attempts while another instance holds the lock. */
  pollMs: number;
}

/**
 * Serialises turns on one thread across instances sharing Redis: `SET key token NX PX ttl`, renewed
 * every third of the ttl while the turn runs (a long stream keeps it), freed by compare-and-delete.
 * When Redis fails, the turn goes on with the in-process order only (logged), rather than failing.
 */
export class RedisTurnLock {
  private readonly options: RedisTurnLockOptions;

  constructor(private readonly redis: Redis, private readonly logger: Logger, options: Partial<RedisTurnLockOptions> = {}) {
    this.options = { ttlMs: 30_000, pollMs: 25, ...options };
  }

  /** Holds the thread's lock; the returned function frees it (resolves once Redis has). */
  async acquire(key: string, waitMs: number, signal: AbortSignal | undefined, busy: () => Error): Promise<() => Promise<void>> {
    const lockKey = `thread-lock:${key}`;
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    for (;;) {
      let answer: string | null;
      try {
        answer = await this.redis.set(lockKey, token, 'PX', this.options.ttlMs, 'NX');
      } catch (error) {
        this.logger.warn({ err: error, key }, 'thread lock: Redis failed; serialising this turn within this instance only');
        return async () => {};
      }
      if (answer === 'OK') break;
      if (Date.now() >= deadline) throw busy();
      try {
        await sleep(this.options.pollMs, undefined, { signal });
      } catch {
        throw closed();
      }
    }
    const renewal = setInterval(() => {
      this.redis.eval(renewScript, 1, lockKey, token, this.options.ttlMs)
        .catch((error: unknown) => this.logger.warn({ err: error, key }, 'thread lock: renewal failed'));
    }, Math.max(1, Math.floor(this.options.ttlMs / 3)));
    renewal.unref();
    return async () => {
      clearInterval(renewal);
      await this.redis.eval(releaseScript, 1, lockKey, token)
        .catch((error: unknown) => this.logger.warn({ err: error, key }, 'thread lock: release failed; it expires on its own'));
    };
  }
}
