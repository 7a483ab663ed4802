import { Redis } from 'ioredis';

/**
 * One Redis connection for the counters several instances share (limits, budgets, caches). Keys
 * are prefixed so one Redis can serve several gateways (`prefix` lets tests isolate themselves).
 */
export function openRedis(url: string, options: { prefix?: string } = {}): Redis {
  return new Redis(url, {
    keyPrefix: options.prefix ?? 'qiao:',
    // Fail calls fast while Redis is away instead of queueing them behind the reconnect.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
}
