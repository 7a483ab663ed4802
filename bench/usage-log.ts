/**
 * `npm run bench:usage`: how fast the usage log is written, and what writing costs the event loop.
 * Writes ROWS usage rows (default 200,000) in batches of 500 — the recorder's batch — through the
 * storage Qiao opens: the SQLite file (rows go to its writer thread) and, with DATABASE_URL set,
 * PostgreSQL. Reports rows per second end to end and the event loop's own time per batch (what a
 * request in flight waits for while a batch is handed over).
 *
 * Env: ROWS (default 200000), DATABASE_URL (also measure PostgreSQL; a schema is made and dropped).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type RequestLogEntry, type Storage } from '../src/storage/index.js';
import { fmt, log, table } from './harness.js';

const ROWS = Number(process.env.ROWS ?? 200_000);
const BATCH = 500;

function entry(i: number): RequestLogEntry {
  return {
    requestId: `bench-${i}`, createdAt: new Date(), endpoint: '/v1/chat/completions', requestedModel: 'bench-model', keyId: 'key_bench',
    deployment: 'upstream/bench-model', provider: 'upstream', upstreamModel: 'bench-model', stream: i % 2 === 0, status: 'ok', httpStatus: 200,
    inputTokens: 12, outputTokens: 40, usageEstimated: false, latencyMs: 1.5, ttftMs: 0.8, attempts: 1, costUsd: 0.0000092,
    attemptLog: '[{"deployment":"upstream/bench-model","status":200,"ms":1}]',
  };
}

/** Writes every row one batch at a time, as the recorder does; returns rows/s and the event loop's time per batch. */
async function measure(storage: Storage): Promise<{ rowsPerSecond: number; loopMsPerBatch: number }> {
  const started = performance.now();
  let loopMs = 0;
  let batches = 0;
  for (let first = 0; first < ROWS; first += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, ROWS - first) }, (_, i) => entry(first + i));
    const handedOver = performance.now();
    const written = storage.requestLog.insertMany(rows);
    loopMs += performance.now() - handedOver;
    batches++;
    await written;
  }
  return { rowsPerSecond: ROWS / ((performance.now() - started) / 1000), loopMsPerBatch: loopMs / batches };
}

const work = await mkdtemp(join(tmpdir(), 'qiao-bench-usage-'));
const rows: string[][] = [];
try {
  const engines: { name: string; open: () => Promise<Storage>; drop?: (storage: Storage) => Promise<void> }[] = [
    { name: 'SQLite (writer thread)', open: () => openStorage({ sqlitePath: join(work, 'qiao.db') }) },
  ];
  const databaseUrl = process.env.DATABASE_URL;
  const schema = `bench_usage_${process.pid}`;
  if (databaseUrl) engines.push({ name: 'PostgreSQL', open: () => openStorage({ sqlitePath: '', databaseUrl, schema, secretKey: 'bench' }) });
  for (const engine of engines) {
    log(`writing ${ROWS} rows to ${engine.name}…`);
    const storage = await engine.open();
    try {
      const { rowsPerSecond, loopMsPerBatch } = await measure(storage);
      const stored = (await storage.requestLog.recent(1))[0]?.requestId;
      if (stored !== `bench-${ROWS - 1}`) throw new Error(`${engine.name}: the last row read back is ${stored}`);
      rows.push([engine.name, fmt(rowsPerSecond, 0), fmt(loopMsPerBatch, 2)]);
    } finally {
      await storage.close();
    }
  }
  if (databaseUrl) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  }
  process.stdout.write(`${['', `Usage log writes, ${ROWS} rows in batches of ${BATCH}`, table(['storage', 'rows/s', 'event loop ms per batch'], rows)].join('\n')}\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}
