/**
 * The load every benchmark script drives: the chat request bodies, autocannon runs that fail on any
 * error, and the statistics the reports use (`bench/run.ts`, `bench/ab.ts`).
 */
import autocannon from 'autocannon';

const MODEL = 'bench-model';
export const JSON_BODY = JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hello' }] });
export const SSE_BODY = JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: 'hello' }], stream: true });

export type Mode = 'json' | 'sse';

/** Where to send the load. */
export interface LoadTarget {
  name: string;
  url: string;
  headers: Record<string, string>;
}

export interface Percentiles {
  p50: number;
  p99: number;
  n: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length };
}

export function median(values: number[]): number {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Runs autocannon; throws if any response is not 2xx or any request errors or times out. */
export async function cannon(
  target: LoadTarget,
  mode: Mode,
  connections: number,
  durationS: number,
  collectLatency: boolean,
): Promise<{ rps: number; requests: number; latency?: Percentiles }> {
  const samples: number[] = [];
  const instance = autocannon({
    url: target.url,
    method: 'POST',
    headers: target.headers,
    body: mode === 'json' ? JSON_BODY : SSE_BODY,
    connections,
    pipelining: 1,
    duration: durationS,
    timeout: 10,
  });
  // autocannon's own latency histogram truncates to whole milliseconds, too coarse here:
  // collect the float response times from its per-response event instead.
  if (collectLatency) {
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, ms: number) => {
      if (statusCode >= 200 && statusCode < 300) samples.push(ms);
    });
  }
  const r = await instance;
  const label = `${target.name} ${mode} @${connections} conn`;
  const problems: string[] = [];
  if (r.non2xx > 0) problems.push(`${r.non2xx} non-2xx responses (status counts ${JSON.stringify(r.statusCodeStats)})`);
  if (r.errors > 0) problems.push(`${r.errors} errors`);
  if (r.timeouts > 0) problems.push(`${r.timeouts} timeouts`);
  if (r['2xx'] === 0) problems.push('no successful response at all');
  if (problems.length > 0) throw new Error(`${label}: ${problems.join(', ')}`);
  return {
    rps: r.requests.total / r.duration,
    requests: r.requests.total,
    latency: collectLatency ? summarize(samples) : undefined,
  };
}

