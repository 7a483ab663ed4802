import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/index.js';
import { KeyDirectory, KeyService, silentLogger } from '../gateway/index.js';
import { openConfiguredRedis, openConfiguredStorage } from '../server/open-engines.js';
import { type KeyBudget, type VirtualKeyRecord, type VirtualKeySettings } from '../storage/index.js';

function positiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return number;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('expected a number > 0.');
  return number;
}

function instant(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError('expected an ISO 8601 date or instant, e.g. 2026-01-31 or 2026-01-31T12:00:00Z.');
  return date;
}

function jsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('expected a JSON object, e.g. \'{"team":"search"}\'.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError('expected a JSON object.');
  return parsed as Record<string, unknown>;
}

interface CreateOptions {
  name: string;
  models?: string;
  rpm?: number;
  tpm?: number;
  budgetTokens?: number;
  budgetUsd?: number;
  period: KeyBudget['period'];
  expires?: Date;
  metadata?: Record<string, unknown>;
  config?: string;
  json?: boolean;
}

function toSettings(options: CreateOptions): VirtualKeySettings {
  const models = options.models?.split(',').map((model) => model.trim()).filter(Boolean);
  const hasBudget = options.budgetTokens !== undefined || options.budgetUsd !== undefined;
  return {
    name: options.name,
    ...(models && { models }),
    ...(options.rpm !== undefined && { rpm: options.rpm }),
    ...(options.tpm !== undefined && { tpm: options.tpm }),
    ...(hasBudget && { budget: { period: options.period, ...(options.budgetTokens !== undefined && { tokens: options.budgetTokens }), ...(options.budgetUsd !== undefined && { usd: options.budgetUsd }) } }),
    ...(options.expires && { expiresAt: options.expires }),
    ...(options.metadata && { metadata: options.metadata }),
  };
}

/** Runs `work` with the configured storage and a KeyService that tells running gateways (through Redis) about changes. */
async function withKeys<T>(configPath: string | undefined, work: (keys: KeyService, authOn: boolean) => Promise<T>): Promise<T> {
  const config = loadConfig({ configPath });
  const storage = await openConfiguredStorage(config, silentLogger);
  const redis = await openConfiguredRedis(config, silentLogger).catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  const directory = new KeyDirectory(storage, redis, silentLogger);
  try {
    return await work(new KeyService(storage, () => directory.changed()), Boolean(config.api.adminKey ?? (config.api.authEnabled && config.api.apiKey)));
  } finally {
    await storage.close();
    await redis?.quit().catch(() => redis.disconnect());
  }
}

function describeKey(record: VirtualKeyRecord): string {
  const budget = record.budget && [record.budget.tokens !== undefined && `${record.budget.tokens} tokens`, record.budget.usd !== undefined && `$${record.budget.usd}`]
    .filter(Boolean).join(' + ') + ` per ${record.budget.period}`;
  return [
    record.id, record.name, record.keyPrefix, record.revokedAt ? `revoked ${record.revokedAt.toISOString()}` : 'active',
    `models: ${record.models?.join(',') ?? 'all'}`,
    ...(record.rpm !== undefined ? [`rpm ${record.rpm}`] : []), ...(record.tpm !== undefined ? [`tpm ${record.tpm}`] : []),
    ...(budget ? [`budget ${budget}`] : []), ...(record.expiresAt ? [`expires ${record.expiresAt.toISOString()}`] : []),
  ].join('  ');
}

const configOption = () => new Option('--config <file>', 'config file (YAML or JSON); default ./qiao.yaml if present');

/** `qiao keys create|list|revoke`: manages virtual keys directly in the configured storage. */
export function keysCommand(): Command {
  const keys = new Command('keys').description('create, list and revoke virtual keys (in the configured storage)');
  keys.command('create')
    .description('create a virtual key; its secret is printed once and never stored')
    .requiredOption('--name <name>', 'a name for the key')
    .option('--models <list>', 'allowed models, comma-separated: aliases, provider/model or globs such as "openai/*"')
    .option('--rpm <n>', 'requests per minute', positiveInteger)
    .option('--tpm <n>', 'tokens per minute', positiveInteger)
    .option('--budget-tokens <n>', 'budget: most tokens (input + output) per period', positiveInteger)
    .option('--budget-usd <usd>', 'budget: most US dollars per period', positiveNumber)
    .addOption(new Option('--period <period>', 'budget period').choices(['day', 'week', 'month', 'total']).default('month'))
    .option('--expires <instant>', 'when the key stops working (ISO 8601)', instant)
    .option('--metadata <json>', 'a JSON object kept with the key', jsonObject)
    .addOption(configOption())
    .option('--json', 'print the key as JSON')
    .action((options: CreateOptions) => withKeys(options.config, async (service, authOn) => {
      const { record, secret } = await service.create(toSettings(options));
      if (options.json) {
        console.log(JSON.stringify({ id: record.id, key: secret, name: record.name, key_prefix: record.keyPrefix }));
        return;
      }
      console.log(`Created ${describeKey(record)}`);
      console.log(`Secret (shown only now, store it safely): ${secret}`);
      if (!authOn) console.log('Note: auth is off (no api.admin_key / QIAO_ADMIN_KEY or gateway key is set), so keys are not checked yet.');
    }));
  keys.command('list')
    .description('list virtual keys (never their secrets)')
    .addOption(configOption())
    .option('--json', 'print JSON')
    .action((options: { config?: string; json?: boolean }) => withKeys(options.config, async (service) => {
      const records = await service.list();
      if (options.json) console.log(JSON.stringify(records.map(({ keyHash: _hash, ...record }) => record)));
      else console.log(records.length ? records.map(describeKey).join('\n') : 'No virtual keys.');
    }));
  keys.command('revoke')
    .description('revoke a virtual key (running gateways refuse it from the next request when they share Redis, else within 5 s)')
    .argument('<id>', 'the key id, e.g. key_…')
    .addOption(configOption())
    .action((id: string, options: { config?: string }) => withKeys(options.config, async (service) => {
      const record = await service.revoke(id);
      console.log(`Revoked ${record.id} (${record.name}).`);
    }));
  return keys;
}
