import { Migrator, type Kysely } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import { RuntimeConfigStore } from './runtime-config-store.js';
import { KyselyThreadStore } from './thread-store.js';
import type { Database } from './schema.js';
import { fromRow, toRow } from './request-log-row.js';
import type { SecretBox } from './secret-box.js';
import type { LogQuery, UsageFilter, UsageGrouping } from './usage-query.js';
import type { RequestLogEntry, Storage } from './storage.js';
import { deleteLogBefore, selectLogPage, spendSince, summarizeUsage } from './usage-log-queries.js';
import { KyselyVirtualKeyStore } from './virtual-key-store.js';

const rowsPerInsert = 500;

/** Writes usage rows somewhere other than through kysely (the SQLite file's writer thread). */
export interface UsageRowWriter {
  insertMany(entries: RequestLogEntry[]): Promise<void>;
  close(): Promise<void>;
}

/** Runs the migrations that have not run yet; `schema` (PostgreSQL) is where the migration bookkeeping tables live. */
export async function migrateToLatest(db: Kysely<Database>, options: { schema?: string } = {}): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, ...(options.schema !== undefined && { migrationTableSchema: options.schema }) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`Database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The Storage interface over any kysely dialect; SQL-engine differences stay in the dialect modules. */
export class KyselyStorage implements Storage {
  readonly runtimeConfig: RuntimeConfigStore;
  readonly threads: KyselyThreadStore;
  readonly keys: KyselyVirtualKeyStore;

  constructor(private readonly db: Kysely<Database>, secrets: SecretBox, private readonly usageWriter?: UsageRowWriter) {
    this.runtimeConfig = new RuntimeConfigStore(db, secrets);
    this.threads = new KyselyThreadStore(db);
    this.keys = new KyselyVirtualKeyStore(db);
  }

  readonly requestLog = {
    insertMany: async (entries: RequestLogEntry[]) => {
      if (entries.length === 0) return;
      if (this.usageWriter) return this.usageWriter.insertMany(entries);
      if (entries.length <= rowsPerInsert) {
        await this.db.insertInto('request_log').values(entries.map(toRow)).execute();
        return;
      }
      // Bound the bind parameters per statement (PostgreSQL allows 65,535; SQLite 32,766).
      await this.db.transaction().execute(async (transaction) => {
        for (let start = 0; start < entries.length; start += rowsPerInsert) {
          await transaction.insertInto('request_log').values(entries.slice(start, start + rowsPerInsert).map(toRow)).execute();
        }
      });
    },
    recent: async (limit: number) => {
      const rows = await this.db.selectFrom('request_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return rows.map(fromRow);
    },
    summarize: (filter: UsageFilter, grouping: UsageGrouping) => summarizeUsage(this.db, filter, grouping),
    query: async (query: LogQuery) => (await selectLogPage(this.db, query)).map(fromRow),
    spendSince: (keyId: string, since: Date) => spendSince(this.db, keyId, since),
    deleteBefore: (cutoff: Date) => deleteLogBefore(this.db, cutoff),
  };

  async close(): Promise<void> {
    await this.usageWriter?.close();
    await this.db.destroy();
  }
}
