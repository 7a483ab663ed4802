import type { Kysely, Migration } from 'kysely';

export const requestLogMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('request_log')
      .addColumn('id', 'integer', (column) => column.primaryKey().autoIncrement())
      .addColumn('request_id', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('endpoint', 'text', (column) => column.notNull())
      .addColumn('requested_model', 'text', (column) => column.notNull())
      .addColumn('provider', 'text')
      .addColumn('upstream_model', 'text')
      .addColumn('stream', 'integer', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('http_status', 'integer', (column) => column.notNull())
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('input_tokens', 'integer')
      .addColumn('output_tokens', 'integer')
      .addColumn('reasoning_tokens', 'integer')
      .addColumn('cached_tokens', 'integer')
      .addColumn('usage_estimated', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('latency_ms', 'real', (column) => column.notNull())
      .addColumn('ttft_ms', 'real')
      .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(1))
      .addColumn('warnings', 'text')
      .execute();
    await db.schema.createIndex('request_log_created_at').on('request_log').column('created_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('request_log').execute();
  },
};
