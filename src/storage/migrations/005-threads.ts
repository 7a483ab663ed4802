import type { Kysely, Migration } from 'kysely';

/**
 * Conversation threads (issue 6): a thread per (owner, client-visible id), its messages numbered
 * from 1, and per-deployment state of conversations an upstream keeps (e.g. a Coze conversation id).
 * Portable: text ids made in code, ISO text timestamps, JSON in text columns.
 */
export const threadsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('thread')
      .addColumn('key', 'text', (column) => column.primaryKey())
      .addColumn('owner_id', 'text', (column) => column.notNull())
      .addColumn('thread_id', 'text', (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addColumn('metadata', 'text')
      .addColumn('system_prompt', 'text')
      .addColumn('summary', 'text')
      .addColumn('summary_until', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('last_seq', 'integer', (column) => column.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('thread_owner_thread_id').unique().on('thread').columns(['owner_id', 'thread_id']).execute();
    await db.schema.createIndex('thread_owner_created').on('thread').columns(['owner_id', 'created_at']).execute();
    await db.schema.createTable('thread_message')
      .addColumn('thread_key', 'text', (column) => column.notNull())
      .addColumn('seq', 'integer', (column) => column.notNull())
      .addColumn('message', 'text', (column) => column.notNull())
      .addColumn('model', 'text')
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('thread_message_pk', ['thread_key', 'seq'])
      .execute();
    await db.schema.createTable('thread_upstream_state')
      .addColumn('thread_key', 'text', (column) => column.notNull())
      .addColumn('target', 'text', (column) => column.notNull())
      .addColumn('state', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('thread_upstream_state_pk', ['thread_key', 'target'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('thread_upstream_state').execute();
    await db.schema.dropTable('thread_message').execute();
    await db.schema.dropTable('thread').execute();
  },
};
