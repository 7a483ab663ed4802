/** Gives the `traceparent` of the request being served, when it is traced. */
export type TraceparentSource = () => string | undefined;

const sources = new Set<TraceparentSource>();

/**
 * Makes upstream calls carry the W3C `traceparent` of the request they serve. Only tracing gateways
 * register a source; with none, upstream headers are passed through untouched.
 */
export function propagateTraceparent(source: TraceparentSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

/** The headers of an upstream call, with `traceparent` added when the current request is traced. */
export function withTraceparent(headers: Record<string, string>): Record<string, string> {
  if (sources.size === 0) return headers;
  for (const source of sources) {
    const traceparent = source();
    if (traceparent) return { ...headers, traceparent };
  }
  return headers;
}
