import { postgresLocation } from './postgres/postgres-location.js';
import { openSqliteStorage } from './sqlite/open-sqlite.js';
import type { Storage } from './storage.js';

/** Which database, as configured (`config.storage`). */
export interface StorageSettings {
  /** The embedded SQLite file, used when there is no `databaseUrl`. */
  sqlitePath: string;
  /** QIAO_SECRET_KEY; required with PostgreSQL. */
  secretKey?: string;
  /** DATABASE_URL: every store moves to this PostgreSQL database. */
  databaseUrl?: string;
  /** QIAO_DB_SCHEMA: the PostgreSQL schema. */
  schema?: string;
}

/** The engine the settings pick: `postgresql` with a DATABASE_URL, else `sqlite`. */
export function storageEngine(settings: Pick<StorageSettings, 'databaseUrl'>): 'postgresql' | 'sqlite' {
  return settings.databaseUrl ? 'postgresql' : 'sqlite';
}

/** Where the data lives, for the start-up banner: no user, no password. */
export function describeStorage(settings: StorageSettings): string {
  if (!settings.databaseUrl) return `SQLite at ${settings.sqlitePath}`;
  const schema = settings.schema === undefined ? '' : `, schema ${settings.schema}`;
  return `PostgreSQL at ${postgresLocation(settings.databaseUrl).description}${schema}`;
}

/** Opens and migrates the configured database: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export async function openStorage(settings: StorageSettings, options: { onConnectionError?: (error: Error) => void } = {}): Promise<Storage> {
  if (settings.databaseUrl) {
    // pg is loaded only when PostgreSQL is configured.
    const { openPostgresStorage } = await import('./postgres/open-postgres.js');
    return openPostgresStorage(settings.databaseUrl, {
      secretKey: settings.secretKey ?? '',
      ...(settings.schema !== undefined && { schema: settings.schema }),
      ...(options.onConnectionError && { onConnectionError: options.onConnectionError }),
    });
  }
  return openSqliteStorage(settings.sqlitePath, { secretKey: settings.secretKey });
}
