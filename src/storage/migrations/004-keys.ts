import type { Kysely, Migration } from 'kysely';

/** Virtual keys: settings, limits, budget, and only the SHA-256 of the secret. Portable to PostgreSQL. */
export const keysMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('virtual_key')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('key_hash', 'text', (column) => column.notNull().unique())
      .addColumn('key_prefix', 'text', (column) => column.notNull())
      .addColumn('models', 'text')
      .addColumn('rpm', 'integer')
      .addColumn('tpm', 'integer')
      .addColumn('budget_tokens', 'bigint')
      .addColumn('budget_usd', 'double precision')
      .addColumn('budget_period', 'text')
      .addColumn('expires_at', 'text')
      .addColumn('metadata', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('virtual_key').execute();
  },
};
