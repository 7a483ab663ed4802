import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { LimitExceededError } from '../../errors/index.js';
import type { Logger } from '../logger.js';

/** Requests per minute or tokens per minute. */
export type RateKind = 'rpm' | 'tpm';

const windowSeconds = 60;

/**
 * RPM and TPM per virtual key over fixed one-minute windows (rate-limiter-flexible): in memory, or
 * in Redis (shared by every instance) when REDIS_URL is set, with an in-memory fallback while
 * Redis is unreachable.
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly redis: Redis | undefined, private readonly logger: Logger) {}

  private limiter(kind: RateKind, limit: number): RateLimiterAbstract {
    const id = `${kind}:${limit}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const options = { points: limit, duration: windowSeconds, keyPrefix: `rl:${kind}` };
      limiter = this.redis
        ? new RateLimiterRedis({ ...options, storeClient: this.redis, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  /** Takes `points` from the key's window, or throws LimitExceededError naming the limit, with retry-after. */
  async consume(kind: RateKind, keyId: string, limit: number, points: number): Promise<void> {
    try {
      await this.limiter(kind, limit).consume(keyId, Math.max(1, Math.ceil(points)));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      const message = kind === 'rpm'
        ? `Rate limit reached for this key: ${limit} requests per minute. Retry after ${retryAfter} s.`
        : `Token rate limit reached for this key: ${limit} tokens per minute (this call needs about ${Math.ceil(points)}). Retry after ${retryAfter} s.`;
      throw new LimitExceededError(kind, message, retryAfter);
    }
  }

  /** Gives back (positive) or takes more (negative) tokens once a call's real usage is known. */
  adjust(kind: RateKind, keyId: string, limit: number, unused: number): void {
    const points = Math.round(Math.abs(unused));
    if (points === 0) return;
    const limiter = this.limiter(kind, limit);
    const change = unused > 0 ? limiter.reward(keyId, points) : limiter.penalty(keyId, points);
    change.catch((error: unknown) => this.logger.warn({ err: error, kind }, 'rate limit adjustment failed'));
  }
}
