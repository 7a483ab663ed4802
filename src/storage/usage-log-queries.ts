import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from './schema.js';
import type { LogQuery, Spend, UsageFilter, UsageGrouping, UsageSummaryRow } from './usage-query.js';

type LogSelect<O> = SelectQueryBuilder<Database, 'request_log', O>;

/** pg returns sums and counts as strings (bigint / numeric); SQLite as numbers. */
const toNumber = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

function filtered<O>(query: LogSelect<O>, filter: UsageFilter): LogSelect<O> {
  let result = query;
  if (filter.from) result = result.where('created_at', '>=', filter.from.toISOString());
  if (filter.to) result = result.where('created_at', '<', filter.to.toISOString());
  if (filter.keyId === null) result = result.where('key_id', 'is', null);
  else if (filter.keyId !== undefined) result = result.where('key_id', '=', filter.keyId);
  const model = filter.model;
  if (model !== undefined) result = result.where((eb) => eb.or([eb('requested_model', '=', model), eb('deployment', '=', model)]));
  return result;
}

/** Usage grouped by key, model or UTC day; portable SQL (ISO text timestamps, `substr`). */
export async function summarizeUsage(db: Kysely<Database>, filter: UsageFilter, grouping: UsageGrouping): Promise<UsageSummaryRow[]> {
  const group = grouping === 'key' ? sql<string | null>`key_id` : grouping === 'model' ? sql<string>`requested_model` : sql<string>`substr(created_at, 1, 10)`;
  const query = filtered(db.selectFrom('request_log'), filter)
    .select((eb) => [
      group.as('group_value'),
      eb.fn.countAll().as('requests'),
      eb.fn.sum(eb.case().when('status', '=', 'error').then(1).else(0).end()).as('errors'),
      eb.fn.sum('input_tokens').as('input_tokens'),
      eb.fn.sum('output_tokens').as('output_tokens'),
      eb.fn.sum('cost_usd').as('cost_usd'),
    ])
    .groupBy(group)
    .orderBy(group);
  const rows = await query.execute();
  return rows.map((row) => ({
    ...(grouping === 'key' && { keyId: row.group_value ?? null }),
    ...(grouping === 'model' && { model: row.group_value ?? '' }),
    ...(grouping === 'day' && { day: row.group_value ?? '' }),
    requests: toNumber(row.requests),
    errors: toNumber(row.errors),
    inputTokens: toNumber(row.input_tokens),
    outputTokens: toNumber(row.output_tokens),
    costUsd: toNumber(row.cost_usd),
  }));
}

/** A page of the call log, newest first. */
export function selectLogPage(db: Kysely<Database>, query: LogQuery) {
  let select = filtered(db.selectFrom('request_log').selectAll(), query);
  if (query.status) select = select.where('status', '=', query.status);
  if (query.before) select = select.where('created_at', '<', query.before.toISOString());
  return select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
}

/** Tokens (input + output) and dollars a key has spent since an instant. */
export async function spendSince(db: Kysely<Database>, keyId: string, since: Date): Promise<Spend> {
  const row = await db.selectFrom('request_log')
    .select((eb) => [eb.fn.sum('input_tokens').as('input'), eb.fn.sum('output_tokens').as('output'), eb.fn.sum('cost_usd').as('usd')])
    .where('key_id', '=', keyId)
    .where('created_at', '>=', since.toISOString())
    .executeTakeFirst();
  return { tokens: toNumber(row?.input) + toNumber(row?.output), usd: toNumber(row?.usd) };
}

/** Deletes calls older than `cutoff`; how many. */
export async function deleteLogBefore(db: Kysely<Database>, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('request_log').where('created_at', '<', cutoff.toISOString()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
