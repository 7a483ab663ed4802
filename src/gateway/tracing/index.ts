export { RequestTracer, type TracedRequest, type InboundRequest } from './request-tracer.js';
export { OtlpExporter, type OtlpExporterOptions } from './otlp-exporter.js';
export { continueTrace, formatTraceparent, type TraceContext } from './trace-context.js';
export type { Span } from './span.js';
