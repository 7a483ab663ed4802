import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { openStorage, type StorageSettings } from '../../src/storage/open-storage.js';
import type { Storage } from '../../src/storage/index.js';
import { createTestSchema, testDatabaseUrl } from '../support/postgres-schema.js';

/** The secret every storage of one case shares unless a case asks for another. */
export const contractSecretKey = 'contract-suite-secret';

/** One case's database, empty at first: a temporary SQLite file, or a fresh PostgreSQL schema. */
export interface StorageUnderTest {
  engine: 'sqlite' | 'postgresql';
  /** Opens (and migrates) a Storage on this case's database; call again for a second instance or a restart. Closed by `dispose`. */
  open(options?: { secretKey?: string }): Promise<Storage>;
  /** Every row of a table, read straight from the engine (bypassing Storage). */
  rows(table: string): Promise<Record<string, unknown>[]>;
  /** Closes every storage opened and removes the database (file or schema). */
  dispose(): Promise<void>;
}

/** An engine the contract runs on. */
export interface StorageEngine {
  name: StorageUnderTest['engine'];
  /** A fresh, isolated database for one case. */
  create(): Promise<StorageUnderTest>;
}

function tracked(engine: StorageUnderTest['engine'], settings: (secretKey: string) => StorageSettings, rows: StorageUnderTest['rows'], remove: () => Promise<void>): StorageUnderTest {
  const opened: Storage[] = [];
  return {
    engine,
    rows,
    async open(options = {}) {
      const storage = await openStorage(settings(options.secretKey ?? contractSecretKey));
      opened.push(storage);
      return storage;
    },
    async dispose() {
      await Promise.allSettled(opened.map((storage) => storage.close()));
      await remove();
    },
  };
}

const sqlite: StorageEngine = {
  name: 'sqlite',
  async create() {
    const directory = mkdtempSync(join(tmpdir(), 'qiao-contract-'));
    const sqlitePath = join(directory, 'qiao.db');
    const rows = async (table: string) => {
      const database = new SQLite(sqlitePath, { readonly: true });
      try {
        return database.prepare(`select * from "${table}"`).all() as Record<string, unknown>[];
      } finally {
        database.close();
      }
    };
    return tracked('sqlite', (secretKey) => ({ sqlitePath, secretKey }), rows, async () => rmSync(directory, { recursive: true, force: true }));
  },
};

const postgresql: StorageEngine = {
  name: 'postgresql',
  async create() {
    const schema = await createTestSchema();
    const rows = (table: string) => schema.query<Record<string, unknown>>(`select * from "${schema.name}"."${table}"`);
    return tracked('postgresql', (secretKey) => ({ sqlitePath: '/nonexistent/unused.db', databaseUrl: testDatabaseUrl, schema: schema.name, secretKey }), rows, () => schema.drop());
  },
};

/** Every engine the Storage contract must hold on. */
export const storageEngines: StorageEngine[] = [sqlite, postgresql];

/** One behaviour of the Storage interface, checked on every engine (or only those in `engines`, saying why). */
export interface StorageContractCase {
  name: string;
  /** Limits the case to some engines, e.g. a guarantee only a shared database must give. */
  engines?: StorageUnderTest['engine'][];
  run(subject: StorageUnderTest): Promise<void>;
}
