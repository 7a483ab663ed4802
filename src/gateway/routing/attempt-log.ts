import type { GatewayError } from '../../errors/index.js';

/** One try of one deployment, as stored in the usage log's `attemptLog` column. */
export interface AttemptRecord {
  /** `provider/model`. */
  deployment: string;
  /** HTTP status the upstream answered (200 when it was accepted), else Qiao's status for the failure; 0 when skipped. */
  status: number;
  /** Qiao's error code for a failure (`circuit_open` when skipped). */
  code?: string;
  /** Milliseconds the try took. */
  ms: number;
  /** Milliseconds Qiao waited after this try before trying the same deployment again (backoff or `retry-after`). */
  waitMs?: number;
}

/** The record of a failed try. */
export function failedAttempt(deployment: string, error: GatewayError, ms: number): AttemptRecord {
  return { deployment, status: error.upstreamStatus ?? error.status, code: error.code, ms: Math.round(ms) };
}

/** Words for outcomes that never carry an upstream HTTP status, so the header tells them apart from one. */
const outcomeWords: Record<string, string> = {
  circuit_open: 'open',
  upstream_unreachable: 'unreachable',
  upstream_timeout: 'timeout',
  client_closed: 'cancelled',
  shutting_down: 'shutdown',
};

// Header values allow visible ASCII only; a model name a client made up may hold anything else.
const unsafeInHeader = /[^\x21-\x7e]|[,;]/;

/** A deployment name as a header may carry it: percent-encoded when it holds anything but visible ASCII, or the list's own separators. */
function headerSafe(name: string): string {
  return unsafeInHeader.test(name) ? encodeURIComponent(name) : name;
}

/**
 * The `x-qiao-attempts` header: `deployment;outcome;ms` per try, comma-separated, in order, e.g.
 * `openai-a/gpt-4o;503;12ms, openai-b/gpt-4o;200;80ms`. The outcome is the upstream's HTTP status,
 * or a word when there was none (`open`, `unreachable`, `timeout`, `cancelled`, `shutdown`).
 */
export function attemptsHeader(log: readonly AttemptRecord[]): string {
  let header = '';
  for (let i = 0; i < log.length; i++) {
    const attempt = log[i]!;
    const outcome = (attempt.code !== undefined && outcomeWords[attempt.code]) || attempt.status;
    header += `${i === 0 ? '' : ', '}${headerSafe(attempt.deployment)};${outcome};${attempt.ms}ms`;
  }
  return header;
}
