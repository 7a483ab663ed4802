import type { RequestLogEntry } from '../../storage/index.js';
import { SpanKind, SpanStatus, type Span } from './span.js';
import { newSpanId } from './trace-context.js';

/** One upstream attempt, as the usage log's `attemptLog` lists them. */
interface Attempt {
  deployment: string;
  status: string;
  code?: string;
  ms: number;
}

function isAttempt(value: unknown): value is Attempt {
  if (typeof value !== 'object' || value === null) return false;
  const attempt = value as Record<string, unknown>;
  return typeof attempt.deployment === 'string' && typeof attempt.status === 'string' && typeof attempt.ms === 'number';
}

/** The attempts of a call: the usage log's list when the router wrote one, else the one deployment that answered. */
function attemptsOf(entry: RequestLogEntry): Attempt[] {
  if (entry.attemptLog) {
    try {
      const parsed: unknown = JSON.parse(entry.attemptLog);
      if (Array.isArray(parsed) && parsed.length > 0 && parsed.every(isAttempt)) return parsed;
    } catch {
      // Fall through to the single attempt the entry itself describes.
    }
  }
  if (!entry.deployment) return [];
  return [{ deployment: entry.deployment, status: entry.status, code: entry.errorCode, ms: entry.latencyMs }];
}

/**
 * Client spans for the upstream attempts of a finished call, children of the request's server span.
 * Attempts ran one after another from the call's start; the last one lasts until the call ended
 * (for streams: the end of the stream). Token, cost and status attributes go on the last one.
 */
export function attemptSpans(entry: RequestLogEntry, parent: Span, endMicros: number): Span[] {
  const attempts = attemptsOf(entry);
  const operation = entry.endpoint.includes('embed') ? 'embeddings' : 'chat';
  let start = Math.max(parent.startMicros, endMicros - Math.round(entry.latencyMs * 1000));
  return attempts.map((attempt, index) => {
    const last = index === attempts.length - 1;
    const end = last ? endMicros : Math.min(endMicros, start + Math.round(attempt.ms * 1000));
    const slash = attempt.deployment.indexOf('/');
    const span: Span = {
      traceId: parent.traceId,
      spanId: newSpanId(),
      parentSpanId: parent.spanId,
      name: `${operation} ${attempt.deployment}`,
      kind: SpanKind.client,
      startMicros: start,
      endMicros: end,
      attributes: {
        'gen_ai.operation.name': operation,
        'gen_ai.provider.name': slash > 0 ? attempt.deployment.slice(0, slash) : entry.provider,
        'gen_ai.request.model': slash > 0 ? attempt.deployment.slice(slash + 1) : entry.upstreamModel,
        'qiao.model_alias': entry.requestedModel,
        'qiao.deployment': attempt.deployment,
        'qiao.attempt': index + 1,
        'qiao.status': attempt.status,
        'qiao.error_code': attempt.code,
        ...(last ? {
          'http.response.status_code': entry.httpStatus,
          'gen_ai.usage.input_tokens': entry.inputTokens,
          'gen_ai.usage.output_tokens': entry.outputTokens,
          'qiao.usage.reasoning_tokens': entry.reasoningTokens,
          'qiao.usage.cached_tokens': entry.cachedTokens,
          'qiao.usage.estimated': entry.usageEstimated || undefined,
          'qiao.cost_usd': entry.costUsd,
          'qiao.ttft_ms': entry.ttftMs,
          'qiao.stream': entry.stream,
        } : {}),
      },
      status: attempt.status === 'ok' ? { code: SpanStatus.ok }
        : attempt.status === 'cancelled' ? { code: SpanStatus.unset } : { code: SpanStatus.error, message: attempt.code ?? attempt.status },
    };
    start = end;
    return span;
  });
}
