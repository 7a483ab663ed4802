import type { Storage } from '../../storage/index.js';
import type { Logger } from '../logger.js';

const dayMs = 86_400_000;
const everyMs = 3_600_000;

/**
 * Keeps the usage log bounded: deletes calls older than `retentionDays` at start and every hour
 * (an unref'd timer: it never holds the process open). Several instances may all run it; it is idempotent.
 */
export class UsageRetention {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(private readonly storage: Storage, private readonly retentionDays: number, private readonly logger: Logger) {}

  /** Runs once now and then every hour. */
  start(): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), everyMs);
    this.timer.unref();
  }

  /** Deletes what is past retention; how many rows (0 when it failed, which is logged). */
  runOnce(now: Date = new Date()): Promise<number> {
    this.running ??= this.storage.requestLog.deleteBefore(new Date(now.getTime() - this.retentionDays * dayMs))
      .then((deleted) => {
        if (deleted > 0) this.logger.info({ deleted, retentionDays: this.retentionDays }, 'usage log: removed calls past retention');
        return deleted;
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'usage log retention failed; will retry');
        return 0;
      })
      .finally(() => { this.running = undefined; });
    return this.running;
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
