import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The shared test Redis (CI runs one on 127.0.0.1:6379). */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test uses, and a function that deletes every key under it. */
export function uniqueRedisPrefix(): { prefix: string; cleanup(): Promise<void> } {
  const prefix = `qiao-test-${randomBytes(6).toString('hex')}:`;
  return {
    prefix,
    async cleanup() {
      const redis = new Redis(testRedisUrl);
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
