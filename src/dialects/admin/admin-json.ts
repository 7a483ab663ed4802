import { InvalidRequestError } from '../../errors/index.js';
import type { KeySpend } from '../../gateway/limits/key-spend.js';
import type { RequestLogEntry, UsageSummaryRow, VirtualKeyRecord } from '../../storage/index.js';

/** An ISO instant from a request field, or a 400 naming the field. */
export function parseInstant(value: string, param: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidRequestError(`Invalid value for '${param}': expected an ISO 8601 date or instant, got "${value}".`, { param });
  return date;
}

/** A key as the admin API shows it: never the secret or its hash. */
export function keyJson(record: VirtualKeyRecord, spend?: KeySpend) {
  return {
    id: record.id,
    name: record.name,
    key_prefix: record.keyPrefix,
    models: record.models ?? null,
    rpm: record.rpm ?? null,
    tpm: record.tpm ?? null,
    budget: record.budget ?? null,
    expires_at: record.expiresAt?.toISOString() ?? null,
    metadata: record.metadata ?? null,
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
    revoked_at: record.revokedAt?.toISOString() ?? null,
    ...(spend && { spend: { tokens: spend.tokens, usd: spend.usd, period_start: spend.periodStart } }),
  };
}

function parsedJson(text: string | undefined): unknown {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A usage log entry in snake_case. */
export function logEntryJson(entry: RequestLogEntry) {
  return {
    request_id: entry.requestId,
    created_at: entry.createdAt.toISOString(),
    endpoint: entry.endpoint,
    model: entry.requestedModel,
    deployment: entry.deployment ?? null,
    provider: entry.provider ?? null,
    upstream_model: entry.upstreamModel ?? null,
    key_id: entry.keyId ?? null,
    stream: entry.stream,
    status: entry.status,
    http_status: entry.httpStatus,
    error_code: entry.errorCode ?? null,
    error_message: entry.errorMessage ?? null,
    input_tokens: entry.inputTokens ?? null,
    output_tokens: entry.outputTokens ?? null,
    reasoning_tokens: entry.reasoningTokens ?? null,
    cached_tokens: entry.cachedTokens ?? null,
    usage_estimated: entry.usageEstimated,
    cost_usd: entry.costUsd ?? null,
    latency_ms: entry.latencyMs,
    ttft_ms: entry.ttftMs ?? null,
    attempts: entry.attempts,
    attempt_log: parsedJson(entry.attemptLog),
    warnings: parsedJson(entry.warnings) ?? [],
    ...(entry.requestBody !== undefined && { request_body: parsedJson(entry.requestBody) }),
    ...(entry.responseBody !== undefined && { response_body: parsedJson(entry.responseBody) }),
  };
}

/** A usage summary row in snake_case; only the grouping field among key_id / model / day. */
export function usageRowJson(row: UsageSummaryRow) {
  return {
    ...(row.keyId !== undefined && { key_id: row.keyId }),
    ...(row.model !== undefined && { model: row.model }),
    ...(row.day !== undefined && { day: row.day }),
    requests: row.requests,
    errors: row.errors,
    input_tokens: row.inputTokens,
    output_tokens: row.outputTokens,
    cost_usd: row.costUsd,
  };
}
