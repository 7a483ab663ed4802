import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL the tests use (CI's, on 127.0.0.1:5432); QIAO_TEST_DATABASE_URL overrides it. */
export const testDatabaseUrl = process.env.QIAO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema of the test database that belongs to one test and is dropped afterwards. */
export interface TestSchema {
  /** e.g. `qiao_test_3f9a1c2b7d`. */
  name: string;
  /** Runs SQL in the shared database (its own short-lived connection); tables are read as `${name}.table`. */
  query<Row extends object>(text: string, values?: unknown[]): Promise<Row[]>;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`The storage tests need PostgreSQL at ${testDatabaseUrl} (set QIAO_TEST_DATABASE_URL to use another): ${(error as Error).message}`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Names a fresh schema (not created: Qiao creates it, as it would in production) and checks that
 * PostgreSQL answers — an unreachable server fails the test instead of skipping it.
 */
export async function createTestSchema(): Promise<TestSchema> {
  const name = `qiao_test_${randomBytes(5).toString('hex')}`;
  await withClient((client) => client.query('select 1'));
  return {
    name,
    query: (text, values) => withClient(async (client) => (await client.query(text, values)).rows),
    drop: () => withClient(async (client) => { await client.query(`drop schema if exists "${name}" cascade`); }),
  };
}
