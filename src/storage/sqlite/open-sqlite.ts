import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { KyselyStorage, migrateToLatest } from '../kysely-storage.js';
import { SecretBox } from '../secret-box.js';
import { SqliteUsageWriter } from './usage-writer.js';
import type { Database } from '../schema.js';
import type { Storage } from '../storage.js';

/** Options of the embedded database. */
export interface SqliteStorageOptions {
  /** Passphrase for sealing stored secrets (QIAO_SECRET_KEY); else a key file beside the database. */
  secretKey?: string;
}

/** Opens (creating if needed) the embedded SQLite database in WAL mode and migrates it. */
export async function openSqliteStorage(path: string, options: SqliteStorageOptions = {}): Promise<Storage> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  // WAL: readers never block the writer, and an acknowledged commit survives a crash.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  await migrateToLatest(db);
  // An in-memory database exists only on this connection, so its rows are written here.
  const usageWriter = path === ':memory:' ? undefined : new SqliteUsageWriter(path);
  return new KyselyStorage(db, new SecretBox({ passphrase: options.secretKey, databasePath: path }), usageWriter);
}
