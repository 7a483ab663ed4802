import type { Storage } from '../../storage/index.js';
import { InvalidRequestError } from '../../errors/index.js';
import { logEntryJson, parseInstant, usageRowJson } from './admin-json.js';
import type { LogsQuery, UsageQuery } from './admin-schemas.js';

/** Whose calls a query may see: every key (admin), or exactly one scope (`/v1/me`: a key id, or null for calls without one). */
export type Scope = { all: true } | { all: false; keyId: string | null };

function keyFilter(scope: Scope, requested: string | undefined): string | null | undefined {
  return scope.all ? requested : scope.keyId;
}

/** `{data: [{key_id?|model?|day?, requests, errors, input_tokens, output_tokens, cost_usd}]}`. */
export async function usageResponse(storage: Storage, query: UsageQuery, scope: Scope) {
  const rows = await storage.requestLog.summarize({
    ...(query.from !== undefined && { from: parseInstant(query.from, 'from') }),
    ...(query.to !== undefined && { to: parseInstant(query.to, 'to') }),
    keyId: keyFilter(scope, query.key_id),
    model: query.model,
  }, query.group_by ?? 'day');
  return { data: rows.map(usageRowJson) };
}

/** `{data: [log entries, newest first]}`. */
export async function logsResponse(storage: Storage, query: LogsQuery, scope: Scope) {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (limit < 1 || limit > 500) throw new InvalidRequestError(`Invalid value for 'limit': expected 1–500, got ${query.limit}.`, { param: 'limit' });
  const entries = await storage.requestLog.query({
    limit,
    keyId: keyFilter(scope, query.key_id),
    model: query.model,
    status: query.status,
    ...(query.before !== undefined && { before: parseInstant(query.before, 'before') }),
  });
  return { data: entries.map(logEntryJson) };
}
