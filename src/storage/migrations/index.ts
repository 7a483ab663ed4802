import type { Migration, MigrationProvider } from 'kysely';
import { requestLogMigration } from './001-request-log.js';
import { runtimeConfigMigration } from './002-runtime-config.js';
import { usageDetailsMigration } from './003-usage-details.js';
import { keysMigration } from './004-keys.js';
import { threadsMigration } from './005-threads.js';

/** Every migration, in order; the same list runs on SQLite and (later) PostgreSQL. */
const migrations: Record<string, Migration> = {
  '001-request-log': requestLogMigration,
  '002-runtime-config': runtimeConfigMigration,
  '003-usage-details': usageDetailsMigration,
  '004-keys': keysMigration,
  '005-threads': threadsMigration,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
