import type { Redis } from 'ioredis';
import { reservationTtlMs, type Amount, type BudgetAccount, type BudgetLedger, type Caps, type Refusal } from './budget-ledger.js';
import { RedisScript } from './redis-script.js';

// KEYS: account hash (st su = spent, rt ru = reserved), holds hash (id → "tokens usd"), holds by expiry (zset).
// ARGV: now, id, tokens, usd, cap tokens (-1: none), cap usd (-1: none), ttl seconds (-1: none), seeded?, seed tokens, seed usd.
// Returns {1} held, {0, measure, heldByReservations} refused, {-1} when the account needs seeding first.
const reserveScript = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  if ARGV[8] ~= '1' then return {-1} end
  redis.call('HSET', KEYS[1], 'st', ARGV[9], 'su', ARGV[10], 'rt', 0, 'ru', 0)
end
local now = tonumber(ARGV[1])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  local hold = redis.call('HGET', KEYS[2], id)
  if hold then
    local t, u = string.match(hold, '(%S+) (%S+)')
    redis.call('HINCRBYFLOAT', KEYS[1], 'rt', -tonumber(t))
    redis.call('HINCRBYFLOAT', KEYS[1], 'ru', -tonumber(u))
    redis.call('HDEL', KEYS[2], id)
  end
  redis.call('ZREM', KEYS[3], id)
end
local state = redis.call('HMGET', KEYS[1], 'st', 'su', 'rt', 'ru')
local spent = {tonumber(state[1]), tonumber(state[2])}
local reserved = {tonumber(state[3]), tonumber(state[4])}
local estimate = {tonumber(ARGV[3]), tonumber(ARGV[4])}
local caps = {tonumber(ARGV[5]), tonumber(ARGV[6])}
local names = {'tokens', 'usd'}
for i = 1, 2 do
  if caps[i] >= 0 and spent[i] + reserved[i] + estimate[i] > caps[i] + 1e-9 then
    local held = 0
    if spent[i] + estimate[i] <= caps[i] + 1e-9 then held = 1 end
    return {0, names[i], held}
  end
end
redis.call('HINCRBYFLOAT', KEYS[1], 'rt', ARGV[3])
redis.call('HINCRBYFLOAT', KEYS[1], 'ru', ARGV[4])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3] .. ' ' .. ARGV[4])
redis.call('ZADD', KEYS[3], now + ${reservationTtlMs}, ARGV[2])
local ttl = tonumber(ARGV[7])
if ttl > 0 then
  for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ttl) end
end
return {1}
`);

// KEYS as above; ARGV: id, tokens, usd. Releases the hold, adds what the call cost.
const settleScript = new RedisScript(`
local hold = redis.call('HGET', KEYS[2], ARGV[1])
if hold then
  local t, u = string.match(hold, '(%S+) (%S+)')
  redis.call('HINCRBYFLOAT', KEYS[1], 'rt', -tonumber(t))
  redis.call('HINCRBYFLOAT', KEYS[1], 'ru', -tonumber(u))
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HINCRBYFLOAT', KEYS[1], 'st', ARGV[2])
  redis.call('HINCRBYFLOAT', KEYS[1], 'su', ARGV[3])
end
return 1
`);

function keysOf(account: BudgetAccount): string[] {
  const base = `budget:${account.keyId}:${account.periodStart}`;
  return [base, `${base}:holds`, `${base}:expiry`];
}

/**
 * Budgets shared by every instance: check-and-hold and settle are Lua scripts, atomic in Redis.
 * An account missing from Redis (new period, or Redis was emptied) is seeded from the usage log.
 */
export class RedisBudgetLedger implements BudgetLedger {
  constructor(private readonly redis: Redis) {}

  async reserve(account: BudgetAccount, reservationId: string, estimate: Amount, caps: Caps, seed: () => Promise<Amount>): Promise<Refusal | undefined> {
    const args = (seeded?: Amount) => [
      Date.now(), reservationId, estimate.tokens, estimate.usd, caps.tokens ?? -1, caps.usd ?? -1, account.ttlSeconds ?? -1,
      seeded ? '1' : '0', seeded?.tokens ?? 0, seeded?.usd ?? 0,
    ];
    let reply = await reserveScript.run(this.redis, keysOf(account), args()) as [number, string?, number?];
    if (reply[0] === -1) reply = await reserveScript.run(this.redis, keysOf(account), args(await seed())) as [number, string?, number?];
    if (reply[0] === 1) return undefined;
    return { measure: reply[1] === 'usd' ? 'usd' : 'tokens', heldByReservations: reply[2] === 1 };
  }

  async settle(account: BudgetAccount, reservationId: string, actual: Amount): Promise<void> {
    await settleScript.run(this.redis, keysOf(account), [reservationId, actual.tokens, actual.usd]);
  }

  async balance(account: BudgetAccount, seed: () => Promise<Amount>): Promise<{ spent: Amount; reserved: Amount }> {
    const [st, su, rt, ru] = await this.redis.hmget(keysOf(account)[0]!, 'st', 'su', 'rt', 'ru');
    if (st === null) return { spent: await seed(), reserved: { tokens: 0, usd: 0 } };
    return { spent: { tokens: Number(st), usd: Number(su) }, reserved: { tokens: Number(rt), usd: Number(ru) } };
  }
}
