/** Timeouts for one upstream call, in milliseconds. */
export interface UpstreamTimeouts {
  /** Time to establish the TCP/TLS connection. */
  connectMs: number;
  /** Time until the response headers arrive (for non-streamed calls this covers the whole generation). */
  headersMs: number;
  /** Longest silence allowed between two body chunks; reasoning models pause, so keep it generous. */
  idleMs: number;
}

export const defaultTimeouts: UpstreamTimeouts = { connectMs: 10_000, headersMs: 600_000, idleMs: 300_000 };
