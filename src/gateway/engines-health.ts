import { storageEngine } from '../storage/index.js';
import type { Gateway } from './gateway.js';

/** The database engine and the shared Redis connection's state, for /health (no addresses, no credentials). */
export function enginesHealth(gateway: Gateway): { database: { engine: string }; redis: Record<string, unknown> } {
  const redis = gateway.redis;
  return {
    database: { engine: storageEngine(gateway.config.storage) },
    // ioredis's own state: `ready` answers; `connecting` / `reconnecting` mean calls needing Redis fail meanwhile.
    redis: redis ? { configured: true, status: redis.status, connected: redis.status === 'ready' } : { configured: false },
  };
}
