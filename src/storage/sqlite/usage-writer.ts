import type { Worker } from 'node:worker_threads';
import type { UsageRowWriter } from '../kysely-storage.js';
import type { RequestLogEntry } from '../storage.js';
import { startModuleThread } from './module-thread.js';
import type { BatchResult, InsertBatch } from './usage-writer-thread.js';

interface Pending {
  /** The thread the batch went to. */
  worker: Worker;
  /** Settles when the thread answers (or dies). */
  written: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Inserts usage rows into the SQLite file from a worker thread with its own connection. A batch of
 * 500 rows costs the inserting thread about 5 ms of synchronous work; on the event loop that
 * stalled every request in flight (the benchmark's p99 at one connection) and took CPU from the
 * requests themselves. The main connection sees the rows once a batch resolves (WAL).
 */
export class SqliteUsageWriter implements UsageRowWriter {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;

  /** `idleExitMs`: a thread with nothing to write for this long exits; the next batch starts another. */
  constructor(private readonly path: string, private readonly idleExitMs = 30_000) {}

  /** Whether the writer thread is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  insertMany(entries: RequestLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const batch: InsertBatch = { id: this.nextId++, entries };
    const thread = this.thread();
    let settle!: Pick<Pending, 'resolve' | 'reject'>;
    const written = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    this.pending.set(batch.id, { worker: thread, written, ...settle });
    // Held while batches are in flight, so a shutdown waiting for the last batch is not cut short.
    thread.ref();
    thread.postMessage(batch);
    return written;
  }

  /** Waits for the batches in flight, then stops the thread. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    await Promise.allSettled([...this.pending.values()].map((pending) => pending.written));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private thread(): Worker {
    clearTimeout(this.idleTimer);
    if (this.worker) return this.worker;
    const worker = startModuleThread(import.meta.url, 'usage-writer-thread', { path: this.path });
    worker.on('message', (result: BatchResult) => this.settle(result));
    worker.on('error', (error) => this.failAll(worker, error));
    worker.on('exit', (code) => this.failAll(worker, new Error(`the usage writer thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle({ id, error }: BatchResult): void {
    const pending = this.pending.get(id);
    this.pending.delete(id);
    if (error) pending?.reject(new Error(`usage log write failed: ${error}`));
    else pending?.resolve();
    if (this.pending.size > 0) return;
    this.worker?.unref();
    this.scheduleIdleExit();
  }

  private scheduleIdleExit(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const worker = this.worker;
      if (!worker || this.pending.size > 0) return;
      this.worker = undefined;
      void worker.terminate();
    }, this.idleExitMs);
    this.idleTimer.unref();
  }

  /** A thread that died fails its batches (the recorder keeps and retries them); the next batch starts a new one. */
  private failAll(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = undefined;
    for (const [id, pending] of this.pending) {
      if (pending.worker !== worker) continue;
      this.pending.delete(id);
      pending.reject(error);
    }
  }
}
