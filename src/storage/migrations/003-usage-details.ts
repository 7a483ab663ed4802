import type { Kysely, Migration } from 'kysely';

/** Who called, which deployment answered, what it cost, every attempt, and (when enabled) the bodies. */
export const usageDetailsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    for (const [name, type] of [
      ['key_id', 'text'], ['deployment', 'text'], ['cost_usd', 'real'], ['attempt_log', 'text'],
      ['request_body', 'text'], ['response_body', 'text'],
    ] as const) {
      await db.schema.alterTable('request_log').addColumn(name, type).execute();
    }
    await db.schema.createIndex('request_log_key_created').on('request_log').columns(['key_id', 'created_at']).execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('request_log_key_created').execute();
    for (const name of ['key_id', 'deployment', 'cost_usd', 'attempt_log', 'request_body', 'response_body']) {
      await db.schema.alterTable('request_log').dropColumn(name).execute();
    }
  },
};
