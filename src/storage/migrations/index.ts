import type { Migration, MigrationProvider } from 'kysely';
import { requestLogMigration } from './001-request-log.js';

/** Every migration, in order; the same list runs on SQLite and (later) PostgreSQL. */
const migrations: Record<string, Migration> = {
  '001-request-log': requestLogMigration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
