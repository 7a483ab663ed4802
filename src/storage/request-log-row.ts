import type { Selectable } from 'kysely';
import type { RequestLogTable } from './schema.js';
import type { RequestLogEntry } from './storage.js';

/** An entry as the `request_log` table stores it. */
export function toRow(entry: RequestLogEntry) {
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

/** A stored row as an entry. */
export function fromRow(row: Selectable<RequestLogTable>): RequestLogEntry {
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
