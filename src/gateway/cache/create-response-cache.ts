import type { Redis } from 'ioredis';
import type { QiaoConfig } from '../../config/index.js';
import type { Logger } from '../logger.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import { RedisCacheStore } from './redis-cache-store.js';
import { ResponseCache } from './response-cache.js';

/** The response cache the config asks for, or undefined when it is off (then it costs nothing). */
export function createResponseCache(config: QiaoConfig['cache'], redis: Redis | undefined, logger: Logger): ResponseCache | undefined {
  if (!config.enabled) return undefined;
  const store = config.backend === 'redis' && redis
    ? new RedisCacheStore(redis, config.redisKeyPrefix)
    : new MemoryCacheStore(config.maxEntries);
  return new ResponseCache(store, config.ttlSeconds, logger);
}
