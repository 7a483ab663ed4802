/** OTLP span kinds used by Qiao. */
export const SpanKind = { server: 2, client: 3 } as const;

/** OTLP status codes. */
export const SpanStatus = { unset: 0, ok: 1, error: 2 } as const;

/** An attribute value; integers are sent as OTLP ints, other numbers as doubles. */
export type AttributeValue = string | number | boolean;

/** A finished span, ready to export. Times are microseconds since the Unix epoch. */
export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startMicros: number;
  endMicros: number;
  attributes: Record<string, AttributeValue | undefined>;
  status: { code: number; message?: string };
}

/** Wall-clock now in microseconds, with the monotonic clock's resolution. */
export const nowMicros = (): number => Math.round((performance.timeOrigin + performance.now()) * 1000);

function otlpValue(value: AttributeValue): Record<string, unknown> {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

/** The attributes in OTLP/JSON form, absent values left out. */
export function otlpAttributes(attributes: Record<string, AttributeValue | undefined>): { key: string; value: Record<string, unknown> }[] {
  const encoded: { key: string; value: Record<string, unknown> }[] = [];
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) encoded.push({ key, value: otlpValue(value) });
  }
  return encoded;
}

/** One span in OTLP/JSON form (ids in hex, times as decimal nanosecond strings). */
export function otlpSpan(span: Span): Record<string, unknown> {
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: `${span.startMicros}000`,
    endTimeUnixNano: `${span.endMicros}000`,
    attributes: otlpAttributes(span.attributes),
    status: span.status,
  };
}
