import { randomBytes } from 'node:crypto';

/** The W3C trace context a span belongs to. */
export interface TraceContext {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** The parent span's id (16 hex digits), when the trace began elsewhere. */
  parentSpanId?: string;
}

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const allZeros = /^0+$/;

/** A new random trace id. */
export const newTraceId = (): string => randomBytes(16).toString('hex');

/** A new random span id. */
export const newSpanId = (): string => randomBytes(8).toString('hex');

/**
 * The trace a request continues: its `traceparent` header (W3C Trace Context, version 00) when valid,
 * else a new trace. Invalid headers are ignored, as the specification asks.
 */
export function continueTrace(header: string | string[] | undefined): TraceContext {
  const match = typeof header === 'string' ? traceparentPattern.exec(header.trim()) : null;
  if (!match || allZeros.test(match[1]!) || allZeros.test(match[2]!)) return { traceId: newTraceId() };
  return { traceId: match[1]!, parentSpanId: match[2]! };
}

/** The `traceparent` header that makes `spanId` the parent of what the receiver does (sampled). */
export const formatTraceparent = (traceId: string, spanId: string): string => `00-${traceId}-${spanId}-01`;
