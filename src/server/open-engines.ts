import type { Redis } from 'ioredis';
import { ConfigError, type QiaoConfig } from '../config/index.js';
import type { Logger } from '../gateway/index.js';
import { connectRedis, openStorage, type Storage } from '../storage/index.js';

/** The configured database, opened and migrated; a failure is a ConfigError that says which setting to check. */
export async function openConfiguredStorage(config: QiaoConfig, logger: Logger): Promise<Storage> {
  try {
    return await openStorage(config.storage, {
      onConnectionError: (error) => logger.warn({ err: { message: error.message } }, 'a pooled PostgreSQL connection failed; it is replaced on next use'),
    });
  } catch (error) {
    if (!config.storage.databaseUrl) throw error;
    throw new ConfigError(`Cannot use DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The shared Redis when REDIS_URL is set. Start-up fails when it does not answer: limits and budgets
 * held in memory instead would silently stop holding across instances.
 */
export async function openConfiguredRedis(config: QiaoConfig, logger: Logger): Promise<Redis | undefined> {
  if (!config.redis.url) return undefined;
  try {
    return await connectRedis(config.redis.url, {
      ...(config.redis.prefix !== undefined && { prefix: config.redis.prefix }),
      onLost: (error) => logger.error({ err: { message: error.message } }, 'Redis connection lost; reconnecting (calls needing Redis fail meanwhile)'),
      onRestored: () => logger.info({}, 'Redis connection restored'),
    });
  } catch (error) {
    throw new ConfigError(`Cannot use REDIS_URL: ${error instanceof Error ? error.message : String(error)}. Start Redis, or unset REDIS_URL to keep counters in memory (one instance only).`);
  }
}
