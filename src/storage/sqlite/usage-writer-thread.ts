/**
 * The usage writer's thread: its own connection to the SQLite file, one prepared INSERT, one
 * transaction per batch. Messages: `{ id, columns, rows }` in, `{ id }` or `{ id, error }` out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

export interface InsertBatch {
  id: number;
  columns: string[];
  rows: unknown[][];
}

export interface BatchResult {
  id: number;
  error?: string;
}

const database = new SQLite((workerData as { path: string }).path);
database.pragma('busy_timeout = 5000');
const statements = new Map<string, SQLite.Statement>();

function insertStatement(columns: string[]): SQLite.Statement {
  const key = columns.join(',');
  let statement = statements.get(key);
  if (!statement) {
    statement = database.prepare(`insert into request_log (${key}) values (${columns.map(() => '?').join(', ')})`);
    statements.set(key, statement);
  }
  return statement;
}

const insertAll = database.transaction((statement: SQLite.Statement, rows: unknown[][]) => {
  for (const row of rows) statement.run(row);
});

parentPort!.on('message', ({ id, columns, rows }: InsertBatch) => {
  let result: BatchResult = { id };
  try {
    insertAll(insertStatement(columns), rows);
  } catch (error) {
    result = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(result);
});
