import { Migrator, type Kysely, type Selectable } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import { RuntimeConfigStore } from './runtime-config-store.js';
import { KyselyThreadStore } from './thread-store.js';
import type { Database, RequestLogTable } from './schema.js';
import type { SecretBox } from './secret-box.js';
import type { LogQuery, UsageFilter, UsageGrouping } from './usage-query.js';
import type { RequestLogEntry, Storage } from './storage.js';
import { deleteLogBefore, selectLogPage, spendSince, summarizeUsage } from './usage-log-queries.js';
import { KyselyVirtualKeyStore } from './virtual-key-store.js';

const rowsPerInsert = 500;

function toRow(entry: RequestLogEntry) {
  return {
    request_id: entry.requestId,
    created_at: entry.createdAt.toISOString(),
    endpoint: entry.endpoint,
    requested_model: entry.requestedModel,
    provider: entry.provider ?? null,
    upstream_model: entry.upstreamModel ?? null,
    stream: entry.stream ? 1 : 0,
    status: entry.status,
    http_status: entry.httpStatus,
    error_code: entry.errorCode ?? null,
    error_message: entry.errorMessage ?? null,
    input_tokens: entry.inputTokens ?? null,
    output_tokens: entry.outputTokens ?? null,
    reasoning_tokens: entry.reasoningTokens ?? null,
    cached_tokens: entry.cachedTokens ?? null,
    usage_estimated: entry.usageEstimated ? 1 : 0,
    latency_ms: entry.latencyMs,
    ttft_ms: entry.ttftMs ?? null,
    attempts: entry.attempts,
    warnings: entry.warnings ?? null,
    key_id: entry.keyId ?? null,
    deployment: entry.deployment ?? null,
    cost_usd: entry.costUsd ?? null,
    attempt_log: entry.attemptLog ?? null,
    request_body: entry.requestBody ?? null,
    response_body: entry.responseBody ?? null,
  };
}

function fromRow(row: Selectable<RequestLogTable>): RequestLogEntry {
  return {
    requestId: row.request_id,
    createdAt: new Date(row.created_at),
    endpoint: row.endpoint,
    requestedModel: row.requested_model,
    provider: row.provider ?? undefined,
    upstreamModel: row.upstream_model ?? undefined,
    stream: row.stream === 1,
    status: row.status as RequestLogEntry['status'],
    httpStatus: row.http_status,
    errorCode: row.error_code ?? undefined,
    errorMessage: row.error_message ?? undefined,
    inputTokens: row.input_tokens ?? undefined,
    outputTokens: row.output_tokens ?? undefined,
    reasoningTokens: row.reasoning_tokens ?? undefined,
    cachedTokens: row.cached_tokens ?? undefined,
    usageEstimated: row.usage_estimated === 1,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms ?? undefined,
    attempts: row.attempts,
    warnings: row.warnings ?? undefined,
    keyId: row.key_id ?? undefined,
    deployment: row.deployment ?? undefined,
    costUsd: row.cost_usd ?? undefined,
    attemptLog: row.attempt_log ?? undefined,
    requestBody: row.request_body ?? undefined,
    responseBody: row.response_body ?? undefined,
  };
}

/** Runs the migrations that have not run yet; `schema` (PostgreSQL) is where the migration bookkeeping tables live. */
export async function migrateToLatest(db: Kysely<Database>, options: { schema?: string } = {}): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider, ...(options.schema !== undefined && { migrationTableSchema: options.schema }) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')?.migrationName;
    throw new Error(`Database migration ${failed ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The Storage interface over any kysely dialect; SQL-engine differences stay in the dialect modules. */
export class KyselyStorage implements Storage {
  readonly runtimeConfig: RuntimeConfigStore;
  readonly threads: KyselyThreadStore;
  readonly keys: KyselyVirtualKeyStore;

  constructor(private readonly db: Kysely<Database>, secrets: SecretBox) {
    this.runtimeConfig = new RuntimeConfigStore(db, secrets);
    this.threads = new KyselyThreadStore(db);
    this.keys = new KyselyVirtualKeyStore(db);
  }

  readonly requestLog = {
    insertMany: async (entries: RequestLogEntry[]) => {
      if (entries.length === 0) return;
      if (entries.length <= rowsPerInsert) {
        await this.db.insertInto('request_log').values(entries.map(toRow)).execute();
        return;
      }
      // Bound the bind parameters per statement (PostgreSQL allows 65,535; SQLite 32,766).
      await this.db.transaction().execute(async (transaction) => {
        for (let start = 0; start < entries.length; start += rowsPerInsert) {
          await transaction.insertInto('request_log').values(entries.slice(start, start + rowsPerInsert).map(toRow)).execute();
        }
      });
    },
    recent: async (limit: number) => {
      const rows = await this.db.selectFrom('request_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return rows.map(fromRow);
    },
    summarize: (filter: UsageFilter, grouping: UsageGrouping) => summarizeUsage(this.db, filter, grouping),
    query: async (query: LogQuery) => (await selectLogPage(this.db, query)).map(fromRow),
    spendSince: (keyId: string, since: Date) => spendSince(this.db, keyId, since),
    deleteBefore: (cutoff: Date) => deleteLogBefore(this.db, cutoff),
  };

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
