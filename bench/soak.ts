/**
 * `npm run bench:soak`: does Qiao's memory grow with traffic? Sends REQUESTS requests (default
 * 1,000,000, half JSON and half SSE, 50 connections) and compares the RSS after the first tenth
 * with the RSS at the end; the target is growth within 10%. Qiao runs its production path (a
 * virtual key, usage log, metrics), as in `npm run bench`.
 *
 * Env: REQUESTS (default 1000000), CONNECTIONS (default 50).
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, fail, fmt, log, setWorkDir, startChild, stopChildren, table, waitForReadyLine } from './harness.js';
import { startQiao } from './qiao-under-test.js';

const REQUESTS = Number(process.env.REQUESTS ?? 1_000_000);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const body = (stream: boolean) => JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hello' }], stream });

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) / 1024;
}

/** Sends `amount` requests alternating JSON and SSE; fails on any non-2xx or error. */
async function load(url: string, headers: Record<string, string>, amount: number): Promise<void> {
  const result = await autocannon({
    url, connections: CONNECTIONS, amount, timeout: 10,
    requests: [
      { method: 'POST', headers, body: body(false) },
      { method: 'POST', headers, body: body(true) },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'qiao-bench-soak-'));
  setWorkDir(work);
  try {
    const upstream = startChild('mock upstream', [join(ROOT, 'bench', 'mock-upstream.ts'), '0']);
    const upstreamOrigin = `http://127.0.0.1:${await waitForReadyLine(upstream)}`;
    const { child: qiao, origin, headers } = await startQiao(work, upstreamOrigin);
    const url = `${origin}/v1/chat/completions`;
    const tenth = Math.round(REQUESTS / 10);
    const started = performance.now();
    log(`soak: ${REQUESTS} requests at ${CONNECTIONS} connections; first ${tenth}…`);
    await load(url, headers, tenth);
    const early = rssMb(qiao.proc.pid!);
    const rows = [[String(tenth), fmt(early, 0)]];
    for (let sent = tenth; sent < REQUESTS; sent += tenth) {
      await load(url, headers, Math.min(tenth, REQUESTS - sent));
      rows.push([String(Math.min(sent + tenth, REQUESTS)), fmt(rssMb(qiao.proc.pid!), 0)]);
      log(`soak: ${rows.at(-1)![0]} requests, RSS ${rows.at(-1)![1]} MB`);
    }
    const late = rssMb(qiao.proc.pid!);
    const growth = (late - early) / early;
    process.stdout.write(`${['', `Qiao RSS over ${REQUESTS} requests (${fmt((performance.now() - started) / 1000, 0)} s)`,
      table(['requests', 'RSS MB'], rows), '',
      `RSS growth from ${tenth} to ${REQUESTS} requests: ${fmt(growth * 100, 1)}% (target ≤ 10%)`].join('\n')}\n`);
  } finally {
    await stopChildren();
    await rm(work, { recursive: true, force: true });
    setWorkDir(undefined);
  }
}

main().then(() => process.exit(0), (error: unknown) => fail(error instanceof Error ? error.message : String(error)));
