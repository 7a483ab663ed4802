import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/** `bytea` on PostgreSQL, `blob` elsewhere: the raw float32 embedding bytes. */
function binaryType(db: Kysely<unknown>) {
  return db.getExecutor().adapter instanceof PostgresAdapter ? sql`bytea` : sql`blob`;
}

/**
 * Vector collections and their documents. Portable: text ids and ISO timestamps, `row_number` assigned
 * in code (the key a vector index such as sqlite-vec's vec0 uses), embeddings as unit-length float32 bytes.
 */
export const vectorStoreMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createTable('vector_collection')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('owner_id', 'text', (column) => column.notNull())
      .addColumn('name', 'text', (column) => column.notNull())
      .addColumn('model', 'text', (column) => column.notNull())
      .addColumn('dimensions', 'integer', (column) => column.notNull())
      .addColumn('request_dimensions', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('metadata', 'text')
      .addColumn('document_count', 'integer', (column) => column.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addUniqueConstraint('vector_collection_owner_name', ['owner_id', 'name'])
      .execute();
    await db.schema.createTable('vector_document')
      .addColumn('collection_id', 'text', (column) => column.notNull())
      .addColumn('id', 'text', (column) => column.notNull())
      .addColumn('row_number', 'integer', (column) => column.notNull())
      .addColumn('text', 'text', (column) => column.notNull())
      .addColumn('metadata', 'text')
      .addColumn('embedding', binaryType(db), (column) => column.notNull())
      .addColumn('created_at', 'text', (column) => column.notNull())
      .addColumn('updated_at', 'text', (column) => column.notNull())
      .addPrimaryKeyConstraint('vector_document_pk', ['collection_id', 'id'])
      .execute();
    await db.schema.createIndex('vector_document_row_number').unique().on('vector_document').column('row_number').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('vector_document').execute();
    await db.schema.dropTable('vector_collection').execute();
  },
};
