import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { LimitExceededError } from '../../errors/index.js';
import type { Logger } from '../logger.js';

/** Requests per minute or tokens per minute. */
export type RateKind = 'rpm' | 'tpm';

const windowSeconds = 60;

type Library = typeof import('rate-limiter-flexible');
let library: Promise<Library> | undefined;
/** Loaded on the first limited call: start-up does not pay for it when no key has RPM or TPM. */
const loadLibrary = () => (library ??= import('rate-limiter-flexible'));

/**
 * RPM and TPM per virtual key over fixed one-minute windows (rate-limiter-flexible): in memory, or
 * in Redis (shared by every instance) when REDIS_URL is set, with an in-memory fallback while
 * Redis is unreachable.
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly redis: Redis | undefined, private readonly logger: Logger) {}

  private limiter(kind: RateKind, limit: number, { RateLimiterMemory, RateLimiterRedis }: Library): RateLimiterAbstract {
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
    const loaded = await loadLibrary();
    try {
      await this.limiter(kind, limit, loaded).consume(keyId, Math.max(1, Math.ceil(points)));
    } catch (rejection) {
      if (!(rejection instanceof loaded.RateLimiterRes)) throw rejection;
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      const message = kind === 'rpm'
        ? `Rate limit reached for this key: ${limit} requests per minute. Retry after ${retryAfter} s.`
        : `Token rate limit reached for this key: ${limit} tokens per minute (this call needs about ${Math.ceil(points)}). Retry after ${retryAfter} s.`;
      throw new LimitExceededError(kind, message, retryAfter);
    }
  }

  /** Gives back (positive) or takes more (negative) tokens once a call's real usage is known (after a consume). */
  adjust(kind: RateKind, keyId: string, limit: number, unused: number): void {
    const points = Math.round(Math.abs(unused));
    const limiter = this.limiters.get(`${kind}:${limit}`);
    if (points === 0 || !limiter) return;
    const change = unused > 0 ? limiter.reward(keyId, points) : limiter.penalty(keyId, points);
    change.catch((error: unknown) => this.logger.warn({ err: error, kind }, 'rate limit adjustment failed'));
  }
}
