import type { Kysely, Selectable } from 'kysely';
import type { Database, VirtualKeyTable } from './schema.js';
import type { BudgetPeriod, VirtualKeyRecord, VirtualKeySettings, VirtualKeyStore } from './virtual-key.js';

const periods = new Set<string>(['day', 'week', 'month', 'total']);

/** pg returns bigint columns as strings; SQLite as numbers. */
const numberOrUndefined = (value: number | string | null) => (value === null ? undefined : Number(value));

function parseJson<T>(text: string | null): T | undefined {
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function settingsColumns(settings: VirtualKeySettings) {
  return {
    name: settings.name,
    models: settings.models === undefined ? null : JSON.stringify(settings.models),
    rpm: settings.rpm ?? null,
    tpm: settings.tpm ?? null,
    budget_tokens: settings.budget?.tokens ?? null,
    budget_usd: settings.budget?.usd ?? null,
    budget_period: settings.budget?.period ?? null,
    expires_at: settings.expiresAt?.toISOString() ?? null,
    metadata: settings.metadata === undefined ? null : JSON.stringify(settings.metadata),
  };
}

function fromRow(row: Selectable<VirtualKeyTable>): VirtualKeyRecord {
  const budgetTokens = numberOrUndefined(row.budget_tokens);
  const budgetUsd = numberOrUndefined(row.budget_usd);
  const period = row.budget_period !== null && periods.has(row.budget_period) ? row.budget_period as BudgetPeriod : undefined;
  return {
    id: row.id,
    name: row.name,
    keyHash: row.key_hash,
    keyPrefix: row.key_prefix,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    ...(row.models !== null && { models: parseJson<string[]>(row.models) ?? [] }),
    ...(row.rpm !== null && { rpm: Number(row.rpm) }),
    ...(row.tpm !== null && { tpm: Number(row.tpm) }),
    ...(period && { budget: { period, ...(budgetTokens !== undefined && { tokens: budgetTokens }), ...(budgetUsd !== undefined && { usd: budgetUsd }) } }),
    ...(row.expires_at !== null && { expiresAt: new Date(row.expires_at) }),
    ...(row.metadata !== null && { metadata: parseJson<Record<string, unknown>>(row.metadata) ?? {} }),
    ...(row.revoked_at !== null && { revokedAt: new Date(row.revoked_at) }),
  };
}

/** Virtual keys in the `virtual_key` table (migration 004), portable SQL only. */
export class KyselyVirtualKeyStore implements VirtualKeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(record: VirtualKeyRecord): Promise<void> {
    await this.db.insertInto('virtual_key').values({
      id: record.id,
      key_hash: record.keyHash,
      key_prefix: record.keyPrefix,
      created_at: record.createdAt.toISOString(),
      updated_at: record.updatedAt.toISOString(),
      revoked_at: record.revokedAt?.toISOString() ?? null,
      ...settingsColumns(record),
    }).execute();
  }

  async get(id: string): Promise<VirtualKeyRecord | undefined> {
    const row = await this.db.selectFrom('virtual_key').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async findByHash(keyHash: string): Promise<VirtualKeyRecord | undefined> {
    const row = await this.db.selectFrom('virtual_key').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
    return row && fromRow(row);
  }

  async list(): Promise<VirtualKeyRecord[]> {
    const rows = await this.db.selectFrom('virtual_key').selectAll().orderBy('created_at', 'desc').orderBy('id').execute();
    return rows.map(fromRow);
  }

  async update(id: string, settings: VirtualKeySettings, updatedAt: Date): Promise<VirtualKeyRecord | undefined> {
    await this.db.updateTable('virtual_key').set({ ...settingsColumns(settings), updated_at: updatedAt.toISOString() }).where('id', '=', id).execute();
    return this.get(id);
  }

  async revoke(id: string, revokedAt: Date): Promise<VirtualKeyRecord | undefined> {
    const at = revokedAt.toISOString();
    await this.db.updateTable('virtual_key').set({ revoked_at: at, updated_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    return this.get(id);
  }
}
