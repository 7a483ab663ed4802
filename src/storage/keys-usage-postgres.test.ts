import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { KyselyStorage } from './kysely-storage.js';
import { usageDetailsMigration } from './migrations/003-usage-details.js';
import { keysMigration } from './migrations/004-keys.js';
import type { Database } from './schema.js';
import { SecretBox } from './secret-box.js';
import type { RequestLogEntry } from './storage.js';

// The key store and usage queries in portable SQL, run on the real PostgreSQL (127.0.0.1:5432) in a schema of their own.
const schema = `qiao_test_${randomBytes(6).toString('hex')}`;
const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let db: Kysely<Database>;
let storage: KyselyStorage;

before(async () => {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 2 }) }) });
  // Migration 001 (autoIncrement) becomes PostgreSQL-ready with the scale-out work; until then its table is created here with the same columns.
  await db.schema.createTable('request_log').addColumn('id', 'serial', (column) => column.primaryKey()).execute();
  for (const [name, type] of [['request_id', 'text'], ['created_at', 'text'], ['endpoint', 'text'], ['requested_model', 'text'], ['provider', 'text'],
    ['upstream_model', 'text'], ['stream', 'integer'], ['status', 'text'], ['http_status', 'integer'], ['error_code', 'text'], ['error_message', 'text'],
    ['input_tokens', 'integer'], ['output_tokens', 'integer'], ['reasoning_tokens', 'integer'], ['cached_tokens', 'integer'], ['usage_estimated', 'integer'],
    ['latency_ms', 'real'], ['ttft_ms', 'real'], ['attempts', 'integer'], ['warnings', 'text']] as const) {
    await db.schema.alterTable('request_log').addColumn(name, type).execute();
  }
  await usageDetailsMigration.up(db as Kysely<unknown>);
  await keysMigration.up(db as Kysely<unknown>);
  storage = new KyselyStorage(db, new SecretBox({ passphrase: 'test', databasePath: ':memory:' }));
});

after(async () => {
  await db?.destroy();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.end();
});

const entry = (keyId: string | undefined, model: string, createdAt: string, status: RequestLogEntry['status'], input: number, output: number, cost?: number): RequestLogEntry => ({
  requestId: randomBytes(4).toString('hex'), createdAt: new Date(createdAt), endpoint: '/v1/chat/completions', requestedModel: model, stream: false,
  status, httpStatus: status === 'ok' ? 200 : 502, usageEstimated: false, latencyMs: 5, attempts: 1, inputTokens: input, outputTokens: output, keyId, costUsd: cost,
});

test('virtual keys round-trip on PostgreSQL, big token budgets included', async () => {
  const now = new Date('2025-06-01T00:00:00.000Z');
  await storage.keys.insert({
    id: 'key_pg', name: 'pg', keyHash: 'a'.repeat(64), keyPrefix: 'qk-abc…', createdAt: now, updatedAt: now,
    models: ['openai/*'], rpm: 5, budget: { tokens: 5_000_000_000, usd: 12.5, period: 'month' }, metadata: { team: 'x' },
  });
  const found = await storage.keys.findByHash('a'.repeat(64));
  assert.deepEqual(found?.budget, { tokens: 5_000_000_000, usd: 12.5, period: 'month' });
  assert.equal(found?.rpm, 5);
  const revoked = await storage.keys.revoke('key_pg', new Date('2025-06-02T00:00:00Z'));
  assert.equal(revoked?.revokedAt?.toISOString(), '2025-06-02T00:00:00.000Z');
  assert.equal((await storage.keys.list()).length, 1);
});

test('usage summaries, log pages, spend and retention on PostgreSQL', async () => {
  await storage.requestLog.insertMany([
    entry('key_a', 'fast', '2025-06-01T10:00:00.000Z', 'ok', 10, 5, 0.001),
    entry('key_a', 'fast', '2025-06-02T10:00:00.000Z', 'error', 3, 0),
    entry('key_b', 'smart', '2025-06-02T11:00:00.000Z', 'ok', 100, 50, 0.01),
    entry(undefined, 'fast', '2025-06-02T12:00:00.000Z', 'ok', 1, 1),
  ]);
  const byKey = await storage.requestLog.summarize({}, 'key');
  assert.deepEqual(byKey.map((row) => [row.keyId, row.requests, row.errors, row.inputTokens, row.outputTokens]),
    [['key_a', 2, 1, 13, 5], ['key_b', 1, 0, 100, 50], [null, 1, 0, 1, 1]]);
  const byDay = await storage.requestLog.summarize({ keyId: 'key_a' }, 'day');
  assert.deepEqual(byDay.map((row) => [row.day, row.requests]), [['2025-06-01', 1], ['2025-06-02', 1]]);
  const byModel = await storage.requestLog.summarize({ from: new Date('2025-06-02T00:00:00Z') }, 'model');
  assert.deepEqual(byModel.map((row) => [row.model, row.requests, Number(row.costUsd.toFixed(6))]), [['fast', 2, 0], ['smart', 1, 0.01]]);
  const page = await storage.requestLog.query({ limit: 2, model: 'fast' });
  assert.deepEqual(page.map((row) => row.createdAt.toISOString()), ['2025-06-02T12:00:00.000Z', '2025-06-02T10:00:00.000Z']);
  const older = await storage.requestLog.query({ limit: 5, keyId: null, before: new Date('2025-06-03T00:00:00Z'), status: 'ok' });
  assert.equal(older.length, 1);
  const spend = await storage.requestLog.spendSince('key_a', new Date('2025-06-01T00:00:00Z'));
  assert.equal(spend.tokens, 18);
  assert.ok(Math.abs(spend.usd - 0.001) < 1e-6);
  assert.equal(await storage.requestLog.deleteBefore(new Date('2025-06-02T00:00:00Z')), 1);
  const [{ count }] = (await sql<{ count: string }>`select count(*) as count from request_log`.execute(db)).rows as [{ count: string }];
  assert.equal(Number(count), 3);
});
