import type { Redis } from 'ioredis';
import type { QiaoConfig } from '../config/index.js';
import { Admission, KeyAuthenticator, KeyDirectory, KeyService, PriceTable, type Logger } from '../gateway/index.js';
import type { BudgetLedger } from '../gateway/limits/budget-ledger.js';
import { keySpend } from '../gateway/limits/key-spend.js';
import { MemoryBudgetLedger } from '../gateway/limits/memory-budget-ledger.js';
import { RateLimits } from '../gateway/limits/rate-limits.js';
import { RedisBudgetLedger } from '../gateway/limits/redis-budget-ledger.js';
import { UsageRetention } from '../gateway/usage/usage-retention.js';
import type { Storage, VirtualKeyRecord } from '../storage/index.js';

/**
 * Keys, limits, budgets, prices and retention from the config: in memory on one machine, in Redis
 * (shared by every instance) when REDIS_URL is set.
 */
export function createKeyServices(config: QiaoConfig, storage: Storage, redis: Redis | undefined, logger: Logger) {
  const directory = new KeyDirectory(storage, redis, logger);
  const guard = new KeyAuthenticator({ adminKey: config.api.adminKey, gatewayKey: config.api.authEnabled ? config.api.apiKey : undefined }, directory);
  const prices = new PriceTable(config.prices);
  const ledger: BudgetLedger = redis ? new RedisBudgetLedger(redis) : new MemoryBudgetLedger();
  const admission = new Admission({
    directory, rateLimits: new RateLimits(redis, logger), ledger, prices, storage, logger, defaultOutputTokens: config.limits.defaultOutputTokens,
  });
  return {
    guard,
    prices,
    admission,
    keys: new KeyService(storage, () => directory.changed()),
    keySpend: (record: VirtualKeyRecord) => keySpend(record, ledger, storage),
    retention: new UsageRetention(storage, config.usage.retentionDays, logger),
  };
}
