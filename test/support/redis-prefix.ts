import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests use (CI's, on 127.0.0.1:6379); QIAO_TEST_REDIS_URL overrides it. */
export const testRedisUrl = process.env.QIAO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix of the shared test Redis that belongs to one test; its keys are deleted afterwards. */
export interface TestRedisPrefix {
  /** e.g. `qiao_test_3f9a1c2b7d:`. */
  prefix: string;
  /** Every key under the prefix, in full (prefix included), sorted. */
  keys(): Promise<string[]>;
  /** Deletes every key under the prefix and disconnects. */
  clear(): Promise<void>;
}

async function scan(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return found.sort();
}

/** A fresh prefix; fails (does not skip) when Redis does not answer. */
export async function createTestRedisPrefix(): Promise<TestRedisPrefix> {
  const prefix = `qiao_test_${randomBytes(5).toString('hex')}:`;
  const redis = new Redis(testRedisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`The scale-out tests need Redis at ${testRedisUrl} (set QIAO_TEST_REDIS_URL to use another): ${(error as Error).message}`);
  }
  return {
    prefix,
    keys: () => scan(redis, `${prefix}*`),
    async clear() {
      const keys = await scan(redis, `${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    },
  };
}

/** A key prefix no other test uses, and a function that deletes every key under it. */
export function uniqueRedisPrefix(): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `qiao-test-${randomBytes(6).toString('hex')}:`;
  return {
    prefix,
    async cleanup() {
      const redis = new Redis(testRedisUrl);
      try {
        const keys = await scan(redis, `${prefix}*`);
        if (keys.length) await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    },
  };
}
