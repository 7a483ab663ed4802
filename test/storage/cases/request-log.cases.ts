import assert from 'node:assert/strict';
import type { RequestLogEntry } from '../../../src/storage/index.js';
import type { StorageContractCase } from '../storage-engines.js';

/** A usage-log entry with every column set, to values that expose lossy types (4-byte floats, second-precision dates, 0/1 booleans). */
export function fullLogEntry(requestId: string, overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    requestId,
    createdAt: new Date('2025-03-04T05:06:07.891Z'),
    endpoint: '/v1/chat/completions',
    requestedModel: 'qwen-flash',
    provider: 'dashscope',
    upstreamModel: 'qwen-flash-2025-01',
    stream: true,
    status: 'error',
    httpStatus: 502,
    errorCode: 'upstream_error',
    errorMessage: 'upstream said: «bad gateway» — 再试一次 😅',
    inputTokens: 2_000_000_000,
    outputTokens: 0,
    reasoningTokens: 77,
    cachedTokens: 12,
    usageEstimated: true,
    latencyMs: 1234.5678901234,
    ttftMs: 0.1 + 0.2,
    attempts: 3,
    warnings: JSON.stringify([{ type: 'unsupported-setting', setting: 'seed' }]),
    keyId: 'key_01HZX',
    deployment: 'dashscope/qwen-flash',
    costUsd: 0.000123456789012345,
    attemptLog: JSON.stringify([{ deployment: 'a/x', status: 503, code: 'upstream_unavailable', ms: 12.5 }, { deployment: 'b/y', status: 502, ms: 40 }]),
    requestBody: JSON.stringify({ model: 'qwen-flash', messages: [{ role: 'user', content: 'hi "there"\n' }] }),
    responseBody: '{"error":"bad gateway"}',
    ...overrides,
  };
}

/** The smallest entry: every optional column absent (stored as NULL), booleans false. */
export function minimalLogEntry(requestId: string, createdAt = new Date()): RequestLogEntry {
  return {
    requestId, createdAt, endpoint: '/chat', requestedModel: 'm', stream: false, status: 'ok', httpStatus: 200,
    usageEstimated: false, latencyMs: 5, attempts: 1,
  };
}

/** Drops absent fields, so an entry compares equal to itself read back (which lists them as undefined). */
const defined = (entry: RequestLogEntry) => Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== undefined));

export const requestLogCases: StorageContractCase[] = [
  {
    name: 'usage log: every column round-trips exactly (dates to the millisecond, 8-byte floats, nulls, booleans, unicode)',
    async run(subject) {
      const storage = await subject.open();
      const full = fullLogEntry('req-full');
      const minimal = minimalLogEntry('req-minimal', new Date('2025-03-04T05:06:08.000Z'));
      const falseFlags = fullLogEntry('req-false-flags', { stream: false, usageEstimated: false, status: 'cancelled', httpStatus: 499, costUsd: 0 });
      await storage.requestLog.insertMany([full, minimal, falseFlags]);
      const [third, second, first] = await storage.requestLog.recent(10);
      assert.deepEqual(defined(first!), defined(full));
      assert.deepEqual(defined(second!), defined(minimal));
      assert.deepEqual(defined(third!), defined(falseFlags));
      assert.equal(first!.latencyMs, 1234.5678901234, 'a 4-byte float would read 1234.5679');
      assert.equal(first!.costUsd, 0.000123456789012345);
      assert.ok(first!.createdAt instanceof Date);
      for (const key of ['provider', 'errorCode', 'inputTokens', 'ttftMs', 'keyId', 'costUsd', 'attemptLog', 'requestBody'] as const) {
        assert.equal(second![key], undefined, `${key} absent stays absent`);
      }
    },
  },
  {
    name: 'usage log: recent is newest first and honours the limit; nothing is written for an empty batch',
    async run(subject) {
      const storage = await subject.open();
      await storage.requestLog.insertMany([]);
      assert.deepEqual(await storage.requestLog.recent(5), []);
      await storage.requestLog.insertMany([minimalLogEntry('a'), minimalLogEntry('b')]);
      await storage.requestLog.insertMany([minimalLogEntry('c')]);
      assert.deepEqual((await storage.requestLog.recent(2)).map((entry) => entry.requestId), ['c', 'b']);
      assert.deepEqual((await storage.requestLog.recent(10)).map((entry) => entry.requestId), ['c', 'b', 'a']);
    },
  },
  {
    name: 'usage log: one batch larger than a statement can bind (3,000 rows × 26 columns) is stored whole',
    async run(subject) {
      const storage = await subject.open();
      const batch = Array.from({ length: 3000 }, (_, index) => fullLogEntry(`bulk-${index}`));
      await storage.requestLog.insertMany(batch);
      const stored = await storage.requestLog.recent(5000);
      assert.equal(stored.length, 3000);
      assert.equal(stored[0]!.requestId, 'bulk-2999');
      assert.equal(stored.at(-1)!.requestId, 'bulk-0');
    },
  },
  {
    name: 'usage log: concurrent batches through one storage all land, each exactly once',
    async run(subject) {
      const storage = await subject.open();
      await Promise.all(Array.from({ length: 20 }, (_, batch) => storage.requestLog.insertMany(
        Array.from({ length: 25 }, (_, index) => minimalLogEntry(`w${batch}-${index}`)),
      )));
      const ids = (await storage.requestLog.recent(1000)).map((entry) => entry.requestId);
      assert.equal(ids.length, 500);
      assert.equal(new Set(ids).size, 500);
    },
  },
  {
    name: 'usage log: concurrent batches from two instances all land, each exactly once',
    // Several instances share only PostgreSQL; SQLite is one process's embedded file.
    engines: ['postgresql'],
    async run(subject) {
      const [one, two] = [await subject.open(), await subject.open()];
      const writes = Array.from({ length: 20 }, (_, batch) => (batch % 2 === 0 ? one : two).requestLog.insertMany(
        Array.from({ length: 25 }, (_, index) => minimalLogEntry(`w${batch}-${index}`)),
      ));
      await Promise.all(writes);
      const ids = (await one.requestLog.recent(1000)).map((entry) => entry.requestId);
      assert.equal(ids.length, 500);
      assert.equal(new Set(ids).size, 500);
      assert.equal((await subject.rows('request_log')).length, 500);
    },
  },
  {
    name: 'usage log: a NUL character in text never fails the batch (PostgreSQL text cannot hold it: stored as U+FFFD)',
    async run(subject) {
      const storage = await subject.open();
      await storage.requestLog.insertMany([fullLogEntry('nul', { errorMessage: 'before\u0000after' })]);
      const [stored] = await storage.requestLog.recent(1);
      assert.equal(stored!.errorMessage, subject.engine === 'postgresql' ? 'before\uFFFDafter' : 'before\u0000after');
    },
  },
];
