/**
 * `BASE=<checkout> npm run bench:ab`: this checkout's Qiao against another build of Qiao (BASE, a
 * checkout of an earlier commit with its dependencies installed or linked), both on one mock
 * upstream, measured interleaved in rounds like `npm run bench` (the order alternates each round),
 * so that machine drift hits both alike. For deciding whether a change pays: on a shared machine the
 * same build reads ±20% from one run to the next, and only a same-run pair compares.
 *
 *   git worktree add ../qiao-base <commit> && ln -s "$PWD/node_modules" ../qiao-base/node_modules
 *   BASE=../qiao-base npm run bench:ab
 *
 * Env: ROUNDS (default 4), DURATION (s per measurement, default 5), MODES (default json,sse),
 *      CONNECTIONS (default 50), LATENCY=1 to add JSON at one connection (p50/p99).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, cpuMs, fail, fmt, log, setWorkDir, startChild, stopChildren, table, waitForReadyLine } from './harness.js';
import { cannon, median, type Mode, type Percentiles } from './load.js';
import { startQiao, type QiaoUnderTest } from './qiao-under-test.js';

const BASE = process.env.BASE;
const ROUNDS = Number(process.env.ROUNDS ?? 4);
const DURATION_S = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const MODES = (process.env.MODES ?? 'json,sse').split(',') as Mode[];
const LATENCY = process.env.LATENCY === '1';

interface Measured { rps: number; cpuUs: number; latency?: Percentiles }

/** One autocannon run against a Qiao, with the CPU time its process spent per request. */
async function measure(qiao: QiaoUnderTest, name: string, mode: Mode, connections: number, durationS: number, latency = false): Promise<Measured> {
  const before = cpuMs(qiao.child.proc.pid);
  const result = await cannon({ name, url: `${qiao.origin}/v1/chat/completions`, headers: qiao.headers }, mode, connections, durationS, latency);
  const after = cpuMs(qiao.child.proc.pid);
  const cpuUs = before === undefined || after === undefined ? NaN : ((after - before) * 1000) / result.requests;
  return { rps: result.rps, cpuUs, latency: result.latency };
}

async function main(): Promise<void> {
  if (!BASE) throw new Error('BASE=<path of the other checkout> is required (see the top of bench/ab.ts)');
  // The base's own modules: its Qiao is built and started from its checkout, and its harness stops it.
  const { startQiao: startBase } = (await import(join(resolve(BASE), 'bench', 'qiao-under-test.ts'))) as { startQiao: typeof startQiao };
  const baseHarness = (await import(join(resolve(BASE), 'bench', 'harness.ts'))) as { stopChildren: typeof stopChildren };
  const work = await mkdtemp(join(tmpdir(), 'qiao-bench-ab-'));
  setWorkDir(work);
  try {
    const upstream = startChild('mock upstream', [join(ROOT, 'bench', 'mock-upstream.ts'), '0']);
    const upstreamOrigin = `http://127.0.0.1:${await waitForReadyLine(upstream)}`;
    const targets = [
      { name: 'base', qiao: await startBase(await mkdtemp(join(work, 'base-')), upstreamOrigin) },
      { name: 'this', qiao: await startQiao(await mkdtemp(join(work, 'this-')), upstreamOrigin) },
    ];
    log('warming up');
    for (const mode of MODES) for (const target of targets) await measure(target.qiao, target.name, mode, CONNECTIONS, 2);
    const runs: Record<string, Measured[]> = {};
    for (let round = 1; round <= ROUNDS; round++) {
      const order = round % 2 === 0 ? [...targets].reverse() : targets;
      for (const mode of MODES) {
        for (const target of order) {
          const measured = await measure(target.qiao, target.name, mode, CONNECTIONS, DURATION_S);
          (runs[`${mode} ${target.name}`] ??= []).push(measured);
          log(`round ${round}/${ROUNDS}: ${target.name} ${mode} ${fmt(measured.rps, 0)} req/s, ${fmt(measured.cpuUs, 0)} µs CPU per request`);
        }
      }
      if (LATENCY) {
        for (const target of order) (runs[`latency ${target.name}`] ??= []).push(await measure(target.qiao, target.name, 'json', 1, DURATION_S, true));
      }
    }
    const of = (key: string, pick: (m: Measured) => number | undefined) => median(runs[key]!.map((m) => pick(m) ?? NaN));
    const rows = MODES.map((mode) => {
      const [base, ours] = [`${mode} base`, `${mode} this`];
      return [mode, fmt(of(base, (m) => m.rps), 0), fmt(of(ours, (m) => m.rps), 0), fmt(of(ours, (m) => m.rps) / of(base, (m) => m.rps)),
        fmt(of(base, (m) => m.cpuUs), 0), fmt(of(ours, (m) => m.cpuUs), 0), fmt(of(ours, (m) => m.cpuUs) / of(base, (m) => m.cpuUs))];
    });
    const out = ['', `This checkout against BASE (${BASE}), ${CONNECTIONS} connections, median of ${ROUNDS} interleaved rounds × ${DURATION_S} s`,
      table(['', 'base req/s', 'this req/s', 'this/base', 'base µs CPU/req', 'this µs CPU/req', 'this/base'], rows)];
    if (LATENCY) {
      out.push('', 'JSON at 1 connection (ms, medians of rounds)', table(['', 'p50', 'p99'], ['base', 'this'].map((name) =>
        [name, fmt(of(`latency ${name}`, (m) => m.latency?.p50), 3), fmt(of(`latency ${name}`, (m) => m.latency?.p99), 3)])));
    }
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await Promise.all([stopChildren(), baseHarness.stopChildren()]);
    await rm(work, { recursive: true, force: true });
    setWorkDir(undefined);
  }
}

main().then(() => process.exit(0), (error: unknown) => fail(error instanceof Error ? error.message : String(error)));
