import type { Redis } from 'ioredis';
import type { CacheStore } from './cache-store.js';

/**
 * Cached answers in Redis, shared by every instance: `<connection prefix><keyPrefix><hash>` with a
 * PX expiry, so Redis drops them itself (its own `maxmemory` policy bounds the total).
 */
export class RedisCacheStore implements CacheStore {
  constructor(private readonly redis: Redis, private readonly keyPrefix: string) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.keyPrefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.keyPrefix + key, value, 'PX', ttlMs);
  }
}
