import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RequestLogEntry } from '../storage.js';
import { openSqliteStorage } from './open-sqlite.js';
import { SqliteUsageWriter } from './usage-writer.js';

const entry = (requestId: string): RequestLogEntry => ({
  requestId, createdAt: new Date(), endpoint: '/v1/chat/completions', requestedModel: 'm', stream: false, status: 'ok', httpStatus: 200,
  usageEstimated: false, latencyMs: 1, attempts: 1,
});

async function withDirectory(run: (directory: string) => Promise<void>): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'qiao-usage-writer-'));
  try {
    await run(directory);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

test('a batch the database refuses rejects, and the next batch is written', async () => {
  await withDirectory(async (directory) => {
    const path = join(directory, 'qiao.db');
    const storage = await openSqliteStorage(path);
    const writer = new SqliteUsageWriter(path);
    try {
      const refused = { ...entry('refused'), endpoint: null } as unknown as RequestLogEntry;
      await assert.rejects(writer.insertMany([entry('same batch'), refused]), /usage log write failed: .*endpoint/);
      await writer.insertMany([entry('written')]);
      assert.deepEqual((await storage.requestLog.recent(10)).map((row) => row.requestId), ['written']);
    } finally {
      await writer.close();
      await storage.close();
    }
  });
});

test('a thread that cannot open the file fails its batch; a later batch starts a new thread', async () => {
  await withDirectory(async (directory) => {
    const path = join(directory, 'later', 'qiao.db');
    const writer = new SqliteUsageWriter(path);
    try {
      await assert.rejects(writer.insertMany([entry('too early')]));
      assert.equal(writer.running, false);
      const storage = await openSqliteStorage(path);
      await writer.insertMany([entry('on time')]);
      assert.deepEqual((await storage.requestLog.recent(10)).map((row) => row.requestId), ['on time']);
      await storage.close();
    } finally {
      await writer.close();
    }
  });
});

test('close waits for the batches in flight; an idle thread exits and comes back for the next batch', async () => {
  await withDirectory(async (directory) => {
    const path = join(directory, 'qiao.db');
    const storage = await openSqliteStorage(path);
    const writer = new SqliteUsageWriter(path, 20);
    try {
      await writer.insertMany([entry('first')]);
      assert.equal(writer.running, true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(writer.running, false);
      const inFlight = writer.insertMany(Array.from({ length: 2_000 }, (_, i) => entry(`row ${i}`)));
      await writer.close();
      await inFlight;
      assert.equal((await storage.requestLog.recent(5_000)).length, 2_001);
    } finally {
      await writer.close();
      await storage.close();
    }
  });
});

test('on Linux the thread runs at a lower priority than the event loop (nice 10)', { skip: process.platform !== 'linux' && 'per-thread nice values are a Linux feature' }, async () => {
  const niceOf = (task: string) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
  const niceValues = () => readdirSync('/proc/self/task').map(niceOf);
  await withDirectory(async (directory) => {
    const path = join(directory, 'qiao.db');
    const storage = await openSqliteStorage(path);
    const writer = new SqliteUsageWriter(path);
    try {
      assert.ok(!niceValues().includes(10), 'no thread is lowered before the writer starts');
      await writer.insertMany([entry('written')]);
      assert.ok(niceValues().includes(10), `thread nice values: ${niceValues().join(', ')}`);
      assert.equal(niceOf(String(process.pid)), 0, 'the main thread keeps its priority');
    } finally {
      await writer.close();
      await storage.close();
    }
  });
});
