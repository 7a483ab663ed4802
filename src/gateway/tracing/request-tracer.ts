import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestLogEntry } from '../../storage/index.js';
import type { OtlpExporter } from './otlp-exporter.js';
import { SpanKind, SpanStatus, nowMicros, type Span } from './span.js';
import { continueTrace, formatTraceparent, newSpanId } from './trace-context.js';
import { attemptSpans } from './attempt-spans.js';

/** One inbound request being traced: its server span (open) and the `traceparent` sent upstream. */
export interface TracedRequest {
  span: Span;
  /** Sent to upstreams so their spans join this trace under the server span. */
  traceparent: string;
}

/** What the server knows of a request when it starts. */
export interface InboundRequest {
  method: string;
  /** Route pattern, e.g. `/v1/chat/completions`; undefined when no route matched. */
  route: string | undefined;
  requestId: string;
  traceparent: string | string[] | undefined;
}

/**
 * Traces requests: a server span per inbound request (continuing the client's W3C trace) with a
 * client span per upstream attempt, built from the usage log entry when the call ends. Only exists
 * when an OTLP endpoint is configured.
 */
export class RequestTracer {
  private readonly current = new AsyncLocalStorage<TracedRequest>();

  constructor(private readonly exporter: OtlpExporter) {}

  /** Opens the server span of a request. */
  start(inbound: InboundRequest): TracedRequest {
    const trace = continueTrace(inbound.traceparent);
    const spanId = newSpanId();
    const span: Span = {
      ...trace, spanId, kind: SpanKind.server, startMicros: nowMicros(), endMicros: 0,
      name: inbound.route ? `${inbound.method} ${inbound.route}` : inbound.method,
      attributes: { 'http.request.method': inbound.method, 'http.route': inbound.route, 'qiao.request_id': inbound.requestId },
      status: { code: SpanStatus.unset },
    };
    return { span, traceparent: formatTraceparent(trace.traceId, spanId) };
  }

  /** Runs the rest of the request (handler, upstream calls, usage recording) inside its trace. */
  run(traced: TracedRequest, next: () => void): void {
    this.current.run(traced, next);
  }

  /** Closes the server span and queues it for export; `completed` false when the client went away first. */
  end(traced: TracedRequest, statusCode: number, completed: boolean): void {
    const span = traced.span;
    span.endMicros = nowMicros();
    span.attributes['http.response.status_code'] = statusCode;
    if (!completed) span.attributes['qiao.client_closed'] = true;
    if (statusCode >= 500) span.status = { code: SpanStatus.error };
    this.exporter.enqueue(span);
  }

  /** Exports the spans queued so far. */
  flush(): Promise<void> {
    return this.exporter.flush();
  }

  /** Exports the spans still queued and stops. */
  close(): Promise<void> {
    return this.exporter.close();
  }

  /** The `traceparent` for an upstream call made on behalf of the current request, if it is traced. */
  readonly currentTraceparent = (): string | undefined => this.current.getStore()?.traceparent;

  /** The usage observer: one client span per upstream attempt of the call that just ended. */
  readonly observeCall = (entry: RequestLogEntry): void => {
    const traced = this.current.getStore();
    if (!traced) return;
    for (const span of attemptSpans(entry, traced.span, nowMicros())) this.exporter.enqueue(span);
  };
}
