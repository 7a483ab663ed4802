import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { KyselyStorage, migrateToLatest } from '../kysely-storage.js';
import type { Database } from '../schema.js';
import { SecretBox } from '../secret-box.js';
import type { Storage } from '../storage.js';
import { postgresLocation } from './postgres-location.js';
import { postgresTypeParsers } from './postgres-types.js';
import { portableSchemaPlugin } from './portable-schema-plugin.js';
import { textWithoutNulPlugin } from './text-without-nul-plugin.js';

/** Options of a PostgreSQL database shared by several instances. */
export interface PostgresStorageOptions {
  /** Passphrase sealing stored secrets (QIAO_SECRET_KEY); required, identical on every instance. */
  secretKey: string;
  /** Schema holding Qiao's tables, created if missing; else the connection's current schema. */
  schema?: string;
  /** Connections per instance (default 10). */
  poolSize?: number;
  /** Told when an idle pooled connection fails (e.g. the server restarted); the pool replaces it. */
  onConnectionError?: (error: Error) => void;
}

/** PostgreSQL's "already exists" codes, raised when two instances create the same schema at once. */
const alreadyExists = new Set(['23505', '42P06']);

async function prepareSchema(db: Kysely<Database>, schema: string | undefined): Promise<string> {
  if (schema !== undefined) {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db).catch((error: unknown) => {
      if (!alreadyExists.has((error as { code?: string }).code ?? '')) throw error;
    });
  }
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const current = rows[0]?.schema;
  if (!current) throw new Error('the search_path names no existing schema; create it, or set QIAO_DB_SCHEMA to have Qiao create one');
  return current;
}

/**
 * Opens a pool on DATABASE_URL and migrates the schema with the same migrations as SQLite (two
 * instances starting together are serialised by the migrator's advisory lock). Errors say where,
 * never with the password.
 */
export async function openPostgresStorage(url: string, options: PostgresStorageOptions): Promise<Storage> {
  if (!options.secretKey) throw new Error('PostgreSQL storage needs QIAO_SECRET_KEY (shared by every instance) to seal stored provider keys.');
  const location = postgresLocation(url, options.schema);
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    ...(location.options !== undefined && { options: location.options }),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    types: postgresTypeParsers,
  });
  pool.on('error', (error) => options.onConnectionError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [textWithoutNulPlugin] });
  try {
    const schema = await prepareSchema(db, options.schema);
    // Named explicitly: without it kysely's migrator takes a kysely_migration table in any schema for ours.
    await migrateToLatest(db.withPlugin(portableSchemaPlugin), { schema });
  } catch (error) {
    await db.destroy();
    throw new Error(`PostgreSQL at ${location.description}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new KyselyStorage(db, new SecretBox({ passphrase: options.secretKey }));
}
