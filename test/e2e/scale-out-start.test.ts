import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ConfigError } from '../../src/config/index.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../support/postgres-schema.js';
import { createTestRedisPrefix, testRedisUrl, type TestRedisPrefix } from '../support/redis-prefix.js';
import { startGateway } from '../support/start-gateway.js';

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const isConfigError = (pattern: RegExp) => (error: unknown) => error instanceof ConfigError && pattern.test(error.message);

describe('starting on PostgreSQL and Redis', () => {
  let schema: TestSchema;
  let redis: TestRedisPrefix;
  before(async () => {
    schema = await createTestSchema();
    redis = await createTestRedisPrefix();
  });
  after(async () => {
    await schema?.drop();
    await redis?.clear();
  });
  const sharedEnv = () => ({ DATABASE_URL: testDatabaseUrl, QIAO_DB_SCHEMA: schema.name, QIAO_SECRET_KEY: 'start-test-secret', REDIS_URL: testRedisUrl, QIAO_REDIS_PREFIX: redis.prefix });

  test('/health reports PostgreSQL and a connected Redis; usage lands in the schema; Redis keys carry the prefix', async () => {
    const qiao = await startGateway({}, sharedEnv());
    try {
      const health = await (await fetch(`${qiao.url}/health`)).json() as Record<string, unknown>;
      assert.deepEqual(health.database, { engine: 'postgresql' });
      assert.deepEqual(health.redis, { configured: true, status: 'ready', connected: true });
      const chat = await fetch(`${qiao.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'mock/mock-echo', messages: [{ role: 'user', content: 'into postgres' }] }),
      });
      assert.equal(chat.status, 200);
      await qiao.gateway.usage.flush();
      const rows = await schema.query<{ requested_model: string; latency_ms: number }>(`select requested_model, latency_ms from "${schema.name}".request_log`);
      assert.deepEqual(rows.map((row) => row.requested_model), ['mock/mock-echo']);
      await qiao.gateway.redis!.set('probe', '1');
      assert.deepEqual(await redis.keys(), [`${redis.prefix}probe`]);
    } finally {
      await qiao.close();
    }
  });

  test('with no DATABASE_URL and no REDIS_URL, /health reports SQLite and no Redis', async () => {
    const qiao = await startGateway();
    try {
      const health = await (await fetch(`${qiao.url}/health`)).json() as Record<string, unknown>;
      assert.deepEqual([health.database, health.redis], [{ engine: 'sqlite' }, { configured: false }]);
    } finally {
      await qiao.close();
    }
  });

  test('an unreachable Redis stops the start with a ConfigError naming REDIS_URL and the address', async () => {
    const port = await closedPort();
    await assert.rejects(startGateway({}, { REDIS_URL: `redis://:hunter2@127.0.0.1:${port}` }),
      (error: unknown) => isConfigError(new RegExp(`^Cannot use REDIS_URL: Redis at 127\\.0\\.0\\.1:${port} does not answer: .*ECONNREFUSED.*unset REDIS_URL`))(error)
        && !(error as Error).message.includes('hunter2'));
  });

  test('an unreachable PostgreSQL stops the start with a ConfigError naming DATABASE_URL, without the password', async () => {
    const port = await closedPort();
    await assert.rejects(startGateway({}, { DATABASE_URL: `postgres://qiao:hunter2@127.0.0.1:${port}/test`, QIAO_SECRET_KEY: 's' }),
      (error: unknown) => isConfigError(new RegExp(`^Cannot use DATABASE_URL: PostgreSQL at 127\\.0\\.0\\.1:${port}/test: .*ECONNREFUSED`))(error)
        && !(error as Error).message.includes('hunter2'));
  });
});
