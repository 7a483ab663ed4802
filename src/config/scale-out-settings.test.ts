import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './index.js';

const load = (env: Record<string, string>, file: Record<string, unknown> = {}) => loadConfig({ cwd: mkdtempSync(join(tmpdir(), 'qiao-scale-')), env, file });
const rejects = (env: Record<string, string>, pattern: RegExp, file: Record<string, unknown> = {}) =>
  assert.throws(() => load(env, file), (error: unknown) => error instanceof ConfigError && pattern.test(error.message));

describe('scale-out settings', () => {
  test('DATABASE_URL, QIAO_DB_SCHEMA, REDIS_URL and QIAO_REDIS_PREFIX are read from the environment', () => {
    const config = load({ DATABASE_URL: 'postgres://qiao:pw@db:5432/qiao', QIAO_SECRET_KEY: 's', QIAO_DB_SCHEMA: 'tenant_a', REDIS_URL: 'redis://cache:6379', QIAO_REDIS_PREFIX: 'qa:' });
    assert.equal(config.storage.databaseUrl, 'postgres://qiao:pw@db:5432/qiao');
    assert.equal(config.storage.schema, 'tenant_a');
    assert.deepEqual(config.redis, { url: 'redis://cache:6379', prefix: 'qa:' });
  });

  test('the file forms work too: storage.schema and redis.prefix', () => {
    const config = load({ QIAO_SECRET_KEY: 's' }, { storage: { databaseUrl: 'postgresql://db/qiao', schema: 'qiao' }, redis: { url: 'redis://cache', prefix: 'q1:' } });
    assert.equal(config.storage.schema, 'qiao');
    assert.equal(config.redis.prefix, 'q1:');
  });

  test('PostgreSQL without QIAO_SECRET_KEY is refused at start, saying what to set', () => {
    rejects({ DATABASE_URL: 'postgres://db/qiao' }, /QIAO_SECRET_KEY is not.*Set QIAO_SECRET_KEY to the same .* on every instance/);
    rejects({}, /QIAO_SECRET_KEY/, { storage: { databaseUrl: 'postgres://db/qiao' } });
  });

  test('a malformed URL, schema name, or a schema without a database is refused naming the variable', () => {
    rejects({ DATABASE_URL: 'mysql://db/qiao', QIAO_SECRET_KEY: 's' }, /^DATABASE_URL must be a PostgreSQL URL/);
    rejects({ DATABASE_URL: 'postgres://db/qiao', QIAO_SECRET_KEY: 's', QIAO_DB_SCHEMA: 'a-b; drop' }, /^QIAO_DB_SCHEMA must be a plain PostgreSQL identifier/);
    rejects({ QIAO_DB_SCHEMA: 'tenant' }, /QIAO_DB_SCHEMA .* but DATABASE_URL .* is not set/);
    rejects({ REDIS_URL: 'http://cache:6379' }, /^REDIS_URL must be a Redis URL/);
  });

  test('with no DATABASE_URL nothing changes: SQLite, no secret required', () => {
    const config = load({});
    assert.equal(config.storage.databaseUrl, undefined);
    assert.equal(config.redis.url, undefined);
  });
});
