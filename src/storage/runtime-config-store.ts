import type { Kysely, Selectable } from 'kysely';
import type { Database, RuntimeProviderTable } from './schema.js';
import type { SecretBox } from './secret-box.js';
import type { CoreModelRecord, RuntimeProviderRecord, StoredRuntimeProvider } from './storage.js';

const coreModelKey = 'core_model';

/** Binds a sealed key to its row, so a value copied to another provider does not open. */
const keyContext = (name: string) => `runtime_provider:${name}:api_key`;

/** The stored core model setting, or undefined when absent or unreadable. */
function parseCoreModel(text: string | undefined): CoreModelRecord | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const valid = typeof record.provider === 'string' && typeof record.model === 'string' && Number.isInteger(record.maxRetries);
  return valid ? { provider: record.provider as string, model: record.model as string, maxRetries: record.maxRetries as number } : undefined;
}

/** Storage's runtime configuration: provider rows with sealed keys, and the core model setting. */
export class RuntimeConfigStore {
  constructor(private readonly db: Kysely<Database>, private readonly secrets: SecretBox) {}

  async load(): Promise<{ providers: StoredRuntimeProvider[]; coreModel?: CoreModelRecord }> {
    const rows = await this.db.selectFrom('runtime_provider').selectAll().orderBy('updated_at').execute();
    const providers = await Promise.all(rows.map((row) => this.fromRow(row)));
    const setting = await this.db.selectFrom('runtime_setting').select('value').where('key', '=', coreModelKey).executeTakeFirst();
    const coreModel = parseCoreModel(setting?.value);
    return { providers, ...(coreModel && { coreModel }) };
  }

  async save(provider: RuntimeProviderRecord, coreModel: CoreModelRecord): Promise<void> {
    const updatedAt = new Date().toISOString();
    const row = {
      name: provider.name,
      type: provider.type,
      api_key_sealed: provider.apiKey === undefined ? null : await this.secrets.seal(provider.apiKey, keyContext(provider.name)),
      base_url: provider.baseUrl ?? null,
      timeout_seconds: provider.timeoutSeconds ?? null,
      updated_at: updatedAt,
    };
    const setting = { key: coreModelKey, value: JSON.stringify(coreModel), updated_at: updatedAt };
    await this.db.transaction().execute(async (transaction) => {
      await transaction.insertInto('runtime_provider').values(row)
        .onConflict((conflict) => conflict.column('name').doUpdateSet(row)).execute();
      await transaction.insertInto('runtime_setting').values(setting)
        .onConflict((conflict) => conflict.column('key').doUpdateSet(setting)).execute();
    });
  }

  private async fromRow(row: Selectable<RuntimeProviderTable>): Promise<StoredRuntimeProvider> {
    const stored: StoredRuntimeProvider = {
      name: row.name,
      type: row.type,
      updatedAt: new Date(row.updated_at),
      ...(row.base_url !== null && { baseUrl: row.base_url }),
      ...(row.timeout_seconds !== null && { timeoutSeconds: row.timeout_seconds }),
    };
    if (row.api_key_sealed === null) return stored;
    try {
      return { ...stored, apiKey: await this.secrets.open(row.api_key_sealed, keyContext(row.name)) };
    } catch {
      return { ...stored, apiKeyUnreadable: true };
    }
  }
}
