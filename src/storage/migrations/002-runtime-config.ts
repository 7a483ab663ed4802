import type { Kysely, Migration } from 'kysely';

/** Providers added at runtime (seed 000's POST /config), their sealed keys, and runtime settings such as the core model. */
export const runtimeConfigMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('runtime_provider')
      .addColumn('name', 'text', (column) => column.primaryKey())
      .addColumn('type', 'text', (column) => column.notNull())
      .addColumn('api_key_sealed', 'text')
      .addColumn('base_url', 'text')
      .addColumn('timeout_seconds', 'real')
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .execute();
    await db.schema.createTable('runtime_setting')
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('value', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('runtime_setting').execute();
    await db.schema.dropTable('runtime_provider').execute();
  },
};
