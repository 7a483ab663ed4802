import assert from 'node:assert/strict';
import { after, describe, mock, test } from 'node:test';
import { openRedis } from '../../storage/redis-client.js';
import { testRedisUrl, uniqueRedisPrefix } from '../../../test/support/redis-prefix.js';
import { reservationTtlMs, type BudgetLedger } from './budget-ledger.js';
import { MemoryBudgetLedger } from './memory-budget-ledger.js';
import { RedisBudgetLedger } from './redis-budget-ledger.js';

const redisPrefix = uniqueRedisPrefix();
const redis = openRedis(testRedisUrl, { prefix: redisPrefix.prefix });
after(async () => {
  await redis.quit();
  await redisPrefix.cleanup();
});

for (const [name, makeLedger] of [['memory', () => new MemoryBudgetLedger()], ['redis', () => new RedisBudgetLedger(redis)]] as const) {
  describe(`${name} budget ledger`, () => {
    const ledger: BudgetLedger = makeLedger();

    test('seeds once from the recorded spend, holds estimates under the cap, settles to the real cost', async () => {
      const account = { keyId: `key_${name}_a`, periodStart: '2025-06-01T00:00:00.000Z', ttlSeconds: 3600 };
      let seeds = 0;
      const seed = async () => { seeds++; return { tokens: 40, usd: 0 }; };
      const caps = { tokens: 100 };
      assert.equal(await ledger.reserve(account, 'r1', { tokens: 30, usd: 0 }, caps, seed), undefined);
      assert.deepEqual(await ledger.reserve(account, 'r2', { tokens: 40, usd: 0 }, caps, seed), { measure: 'tokens', heldByReservations: true });
      await ledger.settle(account, 'r1', { tokens: 10, usd: 0.5 });
      assert.deepEqual(await ledger.balance(account, seed), { spent: { tokens: 50, usd: 0.5 }, reserved: { tokens: 0, usd: 0 } });
      assert.equal(await ledger.reserve(account, 'r2', { tokens: 40, usd: 0 }, caps, seed), undefined);
      assert.deepEqual(await ledger.reserve(account, 'r3', { tokens: 60, usd: 0 }, caps, seed), { measure: 'tokens', heldByReservations: false });
      assert.equal(seeds, 1);
    });

    test('a USD cap refuses on dollars; a new period starts from its own seed', async () => {
      const june = { keyId: `key_${name}_b`, periodStart: '2025-06-01T00:00:00.000Z' };
      const july = { ...june, periodStart: '2025-07-01T00:00:00.000Z' };
      const caps = { usd: 1 };
      assert.equal(await ledger.reserve(june, 'a', { tokens: 5, usd: 0.75 }, caps, async () => ({ tokens: 0, usd: 0 })), undefined);
      assert.deepEqual(await ledger.reserve(june, 'b', { tokens: 5, usd: 0.5 }, caps, async () => ({ tokens: 0, usd: 0 })), { measure: 'usd', heldByReservations: true });
      assert.equal(await ledger.reserve(july, 'c', { tokens: 5, usd: 0.5 }, caps, async () => ({ tokens: 0, usd: 0.25 })), undefined);
    });

    test('a reservation never settled is released after its time to live', async () => {
      const account = { keyId: `key_${name}_c`, periodStart: '2025-06-01T00:00:00.000Z' };
      const seed = async () => ({ tokens: 0, usd: 0 });
      mock.timers.enable({ apis: ['Date'], now: Date.parse('2025-06-02T00:00:00Z') });
      try {
        assert.equal(await ledger.reserve(account, 'lost', { tokens: 90, usd: 0 }, { tokens: 100 }, seed), undefined);
        assert.ok(await ledger.reserve(account, 'next', { tokens: 20, usd: 0 }, { tokens: 100 }, seed));
        mock.timers.tick(reservationTtlMs + 1);
        assert.equal(await ledger.reserve(account, 'next', { tokens: 20, usd: 0 }, { tokens: 100 }, seed), undefined);
      } finally {
        mock.timers.reset();
      }
    });
  });
}
