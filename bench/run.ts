/**
 * `npm run bench`: Qiao's overhead against a bare Node pass-through proxy, measured in one run.
 *
 * Starts three child processes — a mock OpenAI-compatible upstream, the bare proxy and Qiao, both
 * pointed at the upstream — then measures, in interleaved rounds so machine drift hits every target
 * alike:
 *   - throughput (req/s) at 50 connections, JSON and SSE, bare vs qiao;
 *   - JSON latency p50/p99 at 1 connection, direct upstream vs bare vs qiao;
 *   - SSE time to first body byte at 1 connection, direct vs bare vs qiao.
 * Reports medians over rounds and ratios; absolute numbers on a shared 2-core box mean little.
 *
 * Env: QUICK=1 (1 round × 2 s), ROUNDS=n, DURATION=seconds, CONNECTIONS=n,
 *      NO_QIAO=1 (measure only direct and bare, e.g. while Qiao does not start),
 *      READY_TIMEOUT=seconds (default 20: how long a child may take to start, more on a loaded machine).
 * See docs/benchmarks.md.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { JSON_BODY, SSE_BODY, cannon, median, summarize, type Mode, type Percentiles } from './load.js';
import { startPortkey } from './portkey.js';
import { startQiao, type QiaoUnderTest } from './qiao-under-test.js';
import {
  ROOT, cpuMs, fail, fmt, freePort, indent, log, setWorkDir, signed, startChild, stopChildren, table, waitForReadyLine,
} from './harness.js';

// ---------------------------------------------------------------------------------------------
// Settings

const QUICK = process.env.QUICK === '1';
const ROUNDS = numEnv('ROUNDS', QUICK ? 1 : 3);
const DURATION_S = numEnv('DURATION', QUICK ? 2 : 5);
const CONNECTIONS = numEnv('CONNECTIONS', 50);
const WARMUP_S = QUICK ? 1 : 2;
const WITH_QIAO = process.env.NO_QIAO !== '1';
const WITH_PORTKEY = process.env.NO_PORTKEY !== '1' && WITH_QIAO;
/** PROFILE=dir: Qiao runs with `--cpu-prof` and writes its profile there when the bench stops it. */
const PROFILE_DIR = process.env.PROFILE || undefined;

const EXPECTED_TEXT = Array.from({ length: 20 }, (_, i) => `tok${i} `).join('');
const HEADERS = { 'content-type': 'application/json' };

function numEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
}


// ---------------------------------------------------------------------------------------------
// Measurements

interface Target {
  name: 'direct' | 'bare' | 'qiao' | 'portkey';
  /** Request headers (Portkey needs its routing headers). */
  headers: Record<string, string>;
  url: string;
  /** The process serving this target, for its CPU time. */
  pid?: number;
}

/**
 * Sequential streamed requests over one keep-alive connection for `durationS`; each sample is the
 * time from sending the request to receiving the first body chunk.
 */
async function timeToFirstByte(target: Target, durationS: number): Promise<Percentiles> {
  const agent = new Agent({ connections: 1, keepAliveTimeout: 60_000 });
  const samples: number[] = [];
  try {
    const once = async (): Promise<number> => {
      const t0 = performance.now();
      const res = await request(target.url, { method: 'POST', headers: target.headers, body: SSE_BODY, dispatcher: agent });
      let first = NaN;
      if (res.statusCode < 200 || res.statusCode >= 300) {
        const text = await res.body.text();
        throw new Error(`${target.name} sse ttfb: HTTP ${res.statusCode}: ${text.slice(0, 500)}`);
      }
      for await (const _chunk of res.body) {
        if (Number.isNaN(first)) first = performance.now() - t0;
      }
      if (Number.isNaN(first)) throw new Error(`${target.name} sse ttfb: empty body`);
      return first;
    };
    await once(); // connect outside the timed samples
    const end = performance.now() + durationS * 1000;
    while (performance.now() < end) samples.push(await once());
  } finally {
    await agent.close();
  }
  return summarize(samples);
}

/** Sum of `qiao_requests_total` from Qiao's GET /metrics: proof that metrics were on while measured. */
async function countedByMetrics(qiao: QiaoUnderTest): Promise<number> {
  const res = await request(`${qiao.origin}/metrics`, { headers: qiao.admin });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET /metrics answered HTTP ${res.statusCode}: ${text.slice(0, 300)}`);
  const counted = [...text.matchAll(/^qiao_requests_total\{[^}]*\} (\d+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0);
  if (counted === 0) throw new Error('GET /metrics counted no requests: metrics were not on');
  return counted;
}

/** One request per mode, checked for content, so we never benchmark a fast error page. */
async function sanityCheck(target: Target): Promise<void> {
  const json = await request(target.url, { method: 'POST', headers: target.headers, body: JSON_BODY });
  const jsonText = await json.body.text();
  const bad = (what: string, text: string): never => {
    throw new Error(`${target.name}: ${what}\n${indent(text.slice(0, 1_000))}`);
  };
  if (json.statusCode !== 200) bad(`JSON request answered HTTP ${json.statusCode}`, jsonText);
  let content: unknown;
  try {
    content = JSON.parse(jsonText).choices?.[0]?.message?.content;
  } catch {
    bad('JSON response is not JSON', jsonText);
  }
  if (content !== EXPECTED_TEXT) bad('JSON response does not carry the upstream completion', jsonText);

  const sse = await request(target.url, { method: 'POST', headers: target.headers, body: SSE_BODY });
  const sseText = await sse.body.text();
  if (sse.statusCode !== 200) bad(`SSE request answered HTTP ${sse.statusCode}`, sseText);
  const contentType = String(sse.headers['content-type'] ?? '');
  if (!contentType.startsWith('text/event-stream')) bad(`SSE response has content-type ${contentType}`, sseText);
  let streamed = '';
  let done = false;
  for (const line of sseText.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') {
      done = true;
      continue;
    }
    try {
      const delta = JSON.parse(data).choices?.[0]?.delta?.content;
      if (typeof delta === 'string') streamed += delta;
    } catch {
      bad('SSE event is not JSON', data);
    }
  }
  if (streamed !== EXPECTED_TEXT || !done) bad('SSE stream does not carry the upstream completion and [DONE]', sseText);
}

/** Spread of per-round values around their median, as ±%. */
function spread(values: number[]): string {
  if (values.length < 2) return '—';
  const m = median(values);
  return `±${(((Math.max(...values) - Math.min(...values)) / 2 / m) * 100).toFixed(0)}%`;
}


// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<void> {
  const started = new Date();
  const work = await mkdtemp(join(tmpdir(), 'qiao-bench-'));
  setWorkDir(work);
  try {
    await run(work, started);
  } finally {
    await stopChildren();
    await rm(work, { recursive: true, force: true });
    setWorkDir(undefined);
  }
}

async function run(work: string, started: Date): Promise<void> {
  log(
    `qiao bench: ${ROUNDS} round(s) × ${DURATION_S} s per measurement, ${CONNECTIONS} connections for throughput` +
      `${QUICK ? ' (QUICK)' : ''}${WITH_QIAO ? '' : ' — NO_QIAO: direct and bare only'}`,
  );


  // Upstream first: the proxies need its port.
  const upstream = startChild('mock upstream', [join(ROOT, 'bench', 'mock-upstream.ts'), '0']);
  const upstreamPort = await waitForReadyLine(upstream);
  const upstreamOrigin = `http://127.0.0.1:${upstreamPort}`;

  const bare = startChild('bare proxy', [join(ROOT, 'bench', 'bare-proxy.ts'), upstreamOrigin, '0']);
  const qiaoStarting = WITH_QIAO ? startQiao(work, upstreamOrigin, { profileDir: PROFILE_DIR }) : undefined;
  const barePort = await waitForReadyLine(bare);
  const qiao = await qiaoStarting;
  const portkey = WITH_PORTKEY ? await startPortkey(upstreamOrigin, await freePort(), join(work, 'portkey.log')) : undefined;
  if (portkey && 'skipped' in portkey) log(`portkey skipped: ${portkey.skipped}`);

  const path = '/v1/chat/completions';
  // Every target gets the same headers, the virtual key included (the bare proxy forwards it, the upstream ignores it).
  const keyed = qiao?.headers ?? HEADERS;
  const direct: Target = { name: 'direct', url: `${upstreamOrigin}${path}`, pid: upstream.proc.pid, headers: keyed };
  const bareT: Target = { name: 'bare', url: `http://127.0.0.1:${barePort}${path}`, pid: bare.proc.pid, headers: keyed };
  const qiaoT: Target | undefined = qiao ? { name: 'qiao', url: `${qiao.origin}${path}`, pid: qiao.child.proc.pid, headers: keyed } : undefined;
  const portkeyT: Target | undefined = portkey && !('skipped' in portkey)
    ? { name: 'portkey', url: `${portkey.origin}${path}`, pid: portkey.child.proc.pid, headers: portkey.headers }
    : undefined;
  const proxies = [bareT, ...(qiaoT ? [qiaoT] : []), ...(portkeyT ? [portkeyT] : [])];
  const all = [direct, ...proxies];
  log(`ready: upstream :${upstreamPort}, bare :${barePort}${qiao ? `, qiao ${qiao.origin}` : ''}${portkeyT ? `, portkey ${portkeyT.url}` : ''}`);

  for (const t of all) await sanityCheck(t);
  log('sanity check passed (JSON and SSE carry the upstream completion on every target)');

  log(`warming up (${WARMUP_S} s per target and mode)`);
  for (const mode of ['json', 'sse'] as const) {
    for (const t of proxies) await cannon(t, mode, CONNECTIONS, WARMUP_S, false);
  }
  for (const t of all) await timeToFirstByte(t, 0.3);

  interface Round {
    throughput: Record<Mode, Record<string, number>>;
    /** CPU time the proxy process spent per request during the throughput run, in µs. */
    cpuUsPerRequest: Record<Mode, Record<string, number>>;
    latencyJson: Record<string, Percentiles>;
    ttfbSse: Record<string, Percentiles>;
  }
  const rounds: Round[] = [];
  for (let i = 1; i <= ROUNDS; i++) {
    const round: Round = { throughput: { json: {}, sse: {} }, cpuUsPerRequest: { json: {}, sse: {} }, latencyJson: {}, ttfbSse: {} };
    const step = (what: string): void => log(`round ${i}/${ROUNDS}: ${what}`);
    for (const mode of ['json', 'sse'] as const) {
      for (const t of proxies) {
        step(`throughput ${t.name} ${mode}`);
        const cpuBefore = cpuMs(t.pid);
        const r = await cannon(t, mode, CONNECTIONS, DURATION_S, false);
        const cpuAfter = cpuMs(t.pid);
        round.throughput[mode][t.name] = r.rps;
        round.cpuUsPerRequest[mode][t.name] =
          cpuBefore === undefined || cpuAfter === undefined ? NaN : ((cpuAfter - cpuBefore) * 1000) / r.requests;
      }
    }
    for (const t of all) {
      step(`latency ${t.name} json @1 conn`);
      round.latencyJson[t.name] = (await cannon(t, 'json', 1, DURATION_S, true)).latency!;
    }
    for (const t of all) {
      step(`ttfb ${t.name} sse @1 conn`);
      round.ttfbSse[t.name] = await timeToFirstByte(t, DURATION_S);
    }
    rounds.push(round);
  }
  if (qiao) log(`metrics on: qiao_requests_total counted ${await countedByMetrics(qiao)} calls`);

  // Medians over rounds.
  const names = all.map((t) => t.name);
  const proxyNames = proxies.map((t) => t.name);
  const med = {
    throughput: Object.fromEntries(
      (['json', 'sse'] as const).map((m) => [m, Object.fromEntries(proxyNames.map((n) => [n, median(rounds.map((r) => r.throughput[m][n]!))]))]),
    ) as Record<Mode, Record<string, number>>,
    cpuUsPerRequest: Object.fromEntries(
      (['json', 'sse'] as const).map((m) => [m, Object.fromEntries(proxyNames.map((n) => [n, median(rounds.map((r) => r.cpuUsPerRequest[m][n]!))]))]),
    ) as Record<Mode, Record<string, number>>,
    latencyJson: Object.fromEntries(
      names.map((n) => [n, { p50: median(rounds.map((r) => r.latencyJson[n]!.p50)), p99: median(rounds.map((r) => r.latencyJson[n]!.p99)) }]),
    ) as Record<string, { p50: number; p99: number }>,
    ttfbSse: Object.fromEntries(
      names.map((n) => [n, { p50: median(rounds.map((r) => r.ttfbSse[n]!.p50)), p99: median(rounds.map((r) => r.ttfbSse[n]!.p99)) }]),
    ) as Record<string, { p50: number; p99: number }>,
  };
  const added = Object.fromEntries(
    proxyNames.map((n) => [
      n,
      {
        latencyP50Ms: med.latencyJson[n]!.p50 - med.latencyJson.direct!.p50,
        latencyP99Ms: med.latencyJson[n]!.p99 - med.latencyJson.direct!.p99,
        ttfbP50Ms: med.ttfbSse[n]!.p50 - med.ttfbSse.direct!.p50,
      },
    ]),
  ) as Record<string, { latencyP50Ms: number; latencyP99Ms: number; ttfbP50Ms: number }>;
  const ratio = qiaoT
    ? { json: med.throughput.json.qiao! / med.throughput.json.bare!, sse: med.throughput.sse.qiao! / med.throughput.sse.bare! }
    : undefined;
  /** Every proxy measured against the bare one: `qiao/bare`, `portkey/bare`. */
  const compared = proxyNames.filter((n) => n !== 'bare');
  const over = (values: Record<string, number>, n: string) => fmt(values[n]! / values.bare!);

  // Tables.
  const out: string[] = [];
  const of = ROUNDS === 1 ? '1 round' : `median of ${ROUNDS} rounds`;
  out.push('', `Throughput, ${CONNECTIONS} connections (req/s, ${of}; ± = half the spread across rounds)`);
  out.push(
    table(
      ['', ...proxyNames.flatMap((n) => [n, '±']), ...compared.map((n) => `${n}/bare`)],
      (['json', 'sse'] as const).map((m) => [
        m,
        ...proxyNames.flatMap((n) => [fmt(med.throughput[m][n], 0), spread(rounds.map((r) => r.throughput[m][n]!))]),
        ...compared.map((n) => over(med.throughput[m], n)),
      ]),
    ),
  );
  out.push('', `Proxy CPU time per request during those runs (µs of user+system time, ${of})`);
  out.push(
    table(
      ['', ...proxyNames, ...compared.map((n) => `${n}/bare`)],
      (['json', 'sse'] as const).map((m) => [
        m,
        ...proxyNames.map((n) => fmt(med.cpuUsPerRequest[m][n], 0)),
        ...compared.map((n) => over(med.cpuUsPerRequest[m], n)),
      ]),
    ),
  );
  out.push('', `JSON latency, 1 connection (ms, ${of}; added = target − direct upstream)`);
  out.push(
    table(
      ['', 'p50', 'p99', 'added p50', 'added p99', 'samples/round'],
      names.map((n) => [
        n,
        fmt(med.latencyJson[n]!.p50, 3),
        fmt(med.latencyJson[n]!.p99, 3),
        n === 'direct' ? '' : signed(added[n]!.latencyP50Ms, 3),
        n === 'direct' ? '' : signed(added[n]!.latencyP99Ms, 3),
        String(Math.round(median(rounds.map((r) => r.latencyJson[n]!.n)))),
      ]),
    ),
  );
  out.push('', `SSE time to first body byte, 1 connection (ms, ${of}; added = target − direct upstream)`);
  out.push(
    table(
      ['', 'p50', 'p99', 'added p50', 'samples/round'],
      names.map((n) => [
        n,
        fmt(med.ttfbSse[n]!.p50, 3),
        fmt(med.ttfbSse[n]!.p99, 3),
        n === 'direct' ? '' : signed(added[n]!.ttfbP50Ms, 3),
        String(Math.round(median(rounds.map((r) => r.ttfbSse[n]!.n)))),
      ]),
    ),
  );
  if (qiaoT) {
    const q = added.qiao!;
    const b = added.bare!;
    out.push(
      '',
      `Qiao's own cost beyond the bare proxy: p50 ${signed(q.latencyP50Ms - b.latencyP50Ms, 3)} ms, ` +
        `p99 ${signed(q.latencyP99Ms - b.latencyP99Ms, 3)} ms, ttfb ${signed(q.ttfbP50Ms - b.ttfbP50Ms, 3)} ms`,
    );
  }

  const b = added.bare!;
  const summary =
    ratio && added.qiao
      ? `qiao/bare json ${fmt(ratio.json)} sse ${fmt(ratio.sse)}; added p50 ${fmt(added.qiao.latencyP50Ms)}ms ` +
        `p99 ${fmt(added.qiao.latencyP99Ms)}ms; ttft ${signed(added.qiao.ttfbP50Ms)}ms`
      : `bare only (NO_QIAO): added p50 ${fmt(b.latencyP50Ms)}ms p99 ${fmt(b.latencyP99Ms)}ms; ttft ${signed(b.ttfbP50Ms)}ms`;
  const portkeySummary = portkeyT
    ? `; portkey/bare json ${over(med.throughput.json, 'portkey')} sse ${over(med.throughput.sse, 'portkey')}, added p50 ${fmt(added.portkey!.latencyP50Ms)}ms ttft ${signed(added.portkey!.ttfbP50Ms)}ms`
    : '';

  const resultsDir = join(ROOT, 'bench', 'results');
  await mkdir(resultsDir, { recursive: true });
  const resultsPath = join(resultsDir, 'latest.json');
  await writeFile(
    resultsPath,
    JSON.stringify(
      {
        startedAt: started.toISOString(),
        finishedAt: new Date().toISOString(),
        settings: { quick: QUICK, rounds: ROUNDS, durationS: DURATION_S, warmupS: WARMUP_S, connections: CONNECTIONS, withQiao: WITH_QIAO, portkey: portkeyT ? 'measured' : portkey && 'skipped' in portkey ? `skipped: ${portkey.skipped}` : 'off' },
        machine: { node: process.version, platform: process.platform, arch: process.arch, cpus: cpus().length, cpuModel: cpus()[0]?.model },
        units: { throughput: 'req/s', latency: 'ms', ttfb: 'ms' },
        rounds,
        median: med,
        added,
        ratio: ratio ?? null,
        summary,
      },
      null,
      2,
    ) + '\n',
  );
  out.push('', `raw numbers: ${resultsPath}`, '', summary + portkeySummary);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => fail(err instanceof Error ? err.message : String(err)),
);

