/**
 * The usage writer's thread: its own connection to the SQLite file, one prepared INSERT, one
 * transaction per batch. Entries are turned into rows here, off the event loop. Messages:
 * `{ id, entries }` in, `{ id }` or `{ id, error }` out.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { toRow } from '../request-log-row.js';
import type { RequestLogEntry } from '../storage.js';

export interface InsertBatch {
  id: number;
  entries: RequestLogEntry[];
}

export interface BatchResult {
  id: number;
  error?: string;
}

/** Low enough to yield, not so low that rows fall behind a saturated machine for long. */
const backgroundNice = 10;
lowerThisThreadsPriority();

const database = new SQLite((workerData as { path: string }).path);
database.pragma('busy_timeout = 5000');
let insert: SQLite.Statement | undefined;

const insertAll = database.transaction((entries: RequestLogEntry[]) => {
  for (const entry of entries) {
    const row = toRow(entry);
    insert ??= database.prepare(`insert into request_log (${Object.keys(row).join(', ')}) values (${Object.keys(row).map(() => '?').join(', ')})`);
    // Positional binding: by name, better-sqlite3 looks every column up (about half the rows per second).
    insert.run(Object.values(row));
  }
});

parentPort!.on('message', ({ id, entries }: InsertBatch) => {
  let result: BatchResult = { id };
  try {
    insertAll(entries);
  } catch (error) {
    result = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(result);
});

/**
 * Usage rows are background work: on Linux the nice value is per thread, so this thread yields the
 * CPU to the event loop (and to whatever else serves requests on the machine) whenever both want
 * it. At full priority its batch inserts (a few ms of CPU each) preempted request handling: at one
 * connection they made most of the requests slower than 1.5 ms that were not GC pauses.
 */
function lowerThisThreadsPriority(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId)) setPriority(threadId, backgroundNice);
  } catch {
    // Not Linux, or /proc is not mounted: the thread keeps the process's priority.
  }
}
