import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStorage } from '../../src/storage/index.js';
import { postgresLocation } from '../../src/storage/postgres/postgres-location.js';
import { createTestSchema, testDatabaseUrl, type TestSchema } from '../support/postgres-schema.js';

const withOptions = (options: string) => `${testDatabaseUrl}${testDatabaseUrl.includes('?') ? '&' : '?'}options=${encodeURIComponent(options)}`;

describe('choosing the PostgreSQL schema', () => {
  test('the schema setting joins the URL\'s own options; the description has no credentials', () => {
    const location = postgresLocation('postgres://qiao:hunter2@db.internal:6543/qiao?sslmode=disable&options=-c%20statement_timeout%3D5000', 'tenant_a');
    assert.equal(location.options, '-c statement_timeout=5000 -c search_path=tenant_a');
    assert.equal(location.description, 'db.internal:6543/qiao');
    assert.ok(!location.connectionString.includes('options='));
    assert.ok(location.connectionString.includes('sslmode=disable'));
    assert.equal(postgresLocation('postgres://db/qiao').options, undefined);
  });

  let schema: TestSchema;
  before(async () => {
    schema = await createTestSchema();
  });
  after(async () => {
    await schema?.drop();
  });

  test('a search_path in DATABASE_URL\'s options works without QIAO_DB_SCHEMA; one naming no schema is refused', async () => {
    const missing = openStorage({ sqlitePath: '/unused', databaseUrl: withOptions(`-c search_path=${schema.name}`), secretKey: 's' });
    await assert.rejects(missing, /PostgreSQL at .*: the search_path names no existing schema/);

    await schema.query(`create schema "${schema.name}"`);
    const storage = await openStorage({ sqlitePath: '/unused', databaseUrl: withOptions(`-c search_path=${schema.name}`), secretKey: 's' });
    try {
      const tables = await schema.query<{ table_name: string }>('select table_name from information_schema.tables where table_schema = $1 order by table_name', [schema.name]);
      const names = tables.map((row) => row.table_name);
      for (const table of ['kysely_migration', 'kysely_migration_lock', 'request_log', 'runtime_provider', 'runtime_setting']) assert.ok(names.includes(table), `${table} in ${schema.name}`);
      const types = await schema.query<{ column_name: string; data_type: string }>(
        "select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = 'request_log' and column_name in ('id', 'latency_ms', 'cost_usd') order by column_name", [schema.name]);
      assert.deepEqual(types.map((row) => `${row.column_name}:${row.data_type}`), ['cost_usd:double precision', 'id:bigint', 'latency_ms:double precision']);
    } finally {
      await storage.close();
    }
  });
});
