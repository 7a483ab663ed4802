/**
 * `npm run bench:streams`: memory per open stream, bare proxy vs Qiao.
 *
 * Holds N concurrent slow SSE streams (the mock upstream's `bench-slow` model: a chunk every
 * interval) through each proxy, and reads the proxy's RSS from /proc while they are all open.
 * Memory per stream = (RSS with N streams held − RSS idle) ÷ N, with idle read just before the
 * level and, stricter, before the first level (memory an earlier level grew is not given back, so
 * it would flatter later levels). That first idle is read after a warm-up (WARMUP fast streams per
 * proxy, default 500): what the first calls load once (undici, the tokenizer's tables, compiled
 * code) is not memory per stream. Every stream must deliver every chunk and `[DONE]`, or the run fails.
 *
 * Each stream holds two sockets in the proxy (client side and upstream side), so one process can
 * hold at most (open-file limit − headroom) ÷ 2 streams; levels above that are lowered and said so.
 *
 * Env: QUICK=1 (levels 500, 1000), LEVELS=1000,5000,10000, WARMUP (fast streams per proxy before the first idle), CHUNKS (per stream, default 20: opening 9,900
 *      streams through Qiao took 14–22 s on the 2-core VM, and every stream must still be open),
 *      INTERVAL_MS (between chunks, default 2000).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { ROOT, fail, fmt, log, setWorkDir, sleep, startChild, stopChildren, table, waitForReadyLine } from './harness.js';
import { startQiao } from './qiao-under-test.js';

const QUICK = process.env.QUICK === '1';
const REQUESTED_LEVELS = (process.env.LEVELS ?? (QUICK ? '500,1000' : '1000,5000,10000')).split(',').map(Number);
const CHUNKS = Number(process.env.CHUNKS ?? 20);
const INTERVAL_MS = Number(process.env.INTERVAL_MS ?? 2000);
const BODY = JSON.stringify({ model: 'bench-slow', messages: [{ role: 'user', content: 'hello' }], stream: true });
const OPEN_BATCH = 250;
const WARMUP = Number(process.env.WARMUP ?? 500);
const FAST_BODY = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hello' }], stream: true });

/** Resident set size of a process in bytes, from /proc. */
function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** The soft open-file limit every child inherits. */
function openFileLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3] ?? 1024);
}

interface HeldStream {
  firstChunk: Promise<void>;
  done: Promise<{ chunks: number; finished: boolean }>;
}

/** Opens one slow stream; resolves `firstChunk` when the proxy has sent its response headers. */
function openStream(url: string, headers: Record<string, string>, agent: Agent): HeldStream {
  let markFirst!: () => void;
  const firstChunk = new Promise<void>((resolve) => (markFirst = resolve));
  const done = (async () => {
    const response = await request(url, { method: 'POST', body: BODY, headers, dispatcher: agent });
    if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}: ${(await response.body.text()).slice(0, 300)}`);
    // Open once the proxy has answered with its headers; the upstream's chunks come every INTERVAL_MS.
    markFirst();
    let text = '';
    for await (const piece of response.body) text += piece.toString();
    return { chunks: text.split('"content":"tok').length - 1, finished: text.includes('data: [DONE]') };
  })();
  done.catch(() => markFirst());
  return { firstChunk, done };
}

/** Runs `count` fast streams through `url`, 50 at a time, each read to `[DONE]`: what first calls load once is loaded. */
async function warmUp(name: string, url: string, headers: Record<string, string>, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next++ < count) {
      const response = await request(url, { method: 'POST', body: FAST_BODY, headers });
      const text = await response.body.text();
      if (response.statusCode !== 200 || !text.includes('data: [DONE]')) throw new Error(`${name} warm-up: HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
}

/** Holds `count` streams through `url`; returns RSS per stream in bytes once all are open. */
async function hold(name: string, url: string, headers: Record<string, string>, pid: number, count: number): Promise<{ perStream: number; idle: number; held: number }> {
  const agent = new Agent({ connections: null, pipelining: 1, keepAliveTimeout: 1_000 });
  try {
    await sleep(500);
    const idle = rssBytes(pid);
    const streams: HeldStream[] = [];
    const opened = performance.now();
    for (let i = 0; i < count; i += OPEN_BATCH) {
      const batch = Array.from({ length: Math.min(OPEN_BATCH, count - i) }, () => openStream(url, headers, agent));
      streams.push(...batch);
      await Promise.all(batch.map((stream) => stream.firstChunk));
    }
    const openMs = performance.now() - opened;
    if (openMs > (CHUNKS - 2) * INTERVAL_MS) throw new Error(`${name}: opening ${count} streams took ${Math.round(openMs)} ms, longer than a stream lives; raise CHUNKS or INTERVAL_MS`);
    let held = 0;
    for (let i = 0; i < 3; i++) {
      held = Math.max(held, rssBytes(pid));
      await sleep(INTERVAL_MS / 2);
    }
    const results = await Promise.allSettled(streams.map((stream) => stream.done));
    const broken = results.filter((r) => r.status === 'rejected' || r.value.chunks !== CHUNKS || !r.value.finished);
    if (broken.length > 0) {
      const first = broken[0]!;
      const why = first.status === 'rejected' ? String(first.reason) : `${first.value.chunks}/${CHUNKS} chunks, [DONE] ${first.value.finished}`;
      throw new Error(`${name}: ${broken.length} of ${count} streams incomplete (first: ${why})`);
    }
    log(`${name}: ${count} streams held, every chunk delivered (opened in ${Math.round(openMs)} ms)`);
    return { perStream: (held - idle) / count, idle, held };
  } finally {
    await agent.close();
  }
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'qiao-bench-streams-'));
  setWorkDir(work);
  try {
    const maxStreams = Math.floor((openFileLimit() - 200) / 2);
    const levels = REQUESTED_LEVELS.map((level) => Math.min(level, maxStreams));
    if (levels.some((level, i) => level !== REQUESTED_LEVELS[i])) {
      log(`open-file limit ${openFileLimit()}: a proxy can hold at most ${maxStreams} streams (two sockets each); levels lowered to ${levels.join(', ')}`);
    }
    process.env.BENCH_SLOW_INTERVAL_MS = String(INTERVAL_MS);
    process.env.BENCH_SLOW_CHUNKS = String(CHUNKS);
    const upstream = startChild('mock upstream', [join(ROOT, 'bench', 'mock-upstream.ts'), '0']);
    const upstreamOrigin = `http://127.0.0.1:${await waitForReadyLine(upstream)}`;
    const bare = startChild('bare proxy', [join(ROOT, 'bench', 'bare-proxy.ts'), upstreamOrigin, '0']);
    const bareReady = waitForReadyLine(bare);
    const qiao = await startQiao(work, upstreamOrigin, { models: ['bench-model', 'bench-slow'] });
    const barePort = await bareReady;
    const targets = [
      { name: 'bare', url: `http://127.0.0.1:${barePort}/v1/chat/completions`, pid: bare.proc.pid!, headers: qiao.headers },
      { name: 'qiao', url: `${qiao.origin}/v1/chat/completions`, pid: qiao.child.proc.pid!, headers: qiao.headers },
    ];
    const rows: string[][] = [];
    const results: Record<string, Record<number, number>> = { bare: {}, qiao: {} };
    /** RSS before the first level: a process keeps the memory of earlier levels, so later `idle` readings flatter. */
    const firstIdle: Record<string, number> = {};
    for (const target of targets) {
      log(`warming ${target.name} up with ${WARMUP} fast streams…`);
      await warmUp(target.name, target.url, target.headers, WARMUP);
    }
    for (const level of levels) {
      for (const target of targets) {
        log(`holding ${level} streams through ${target.name}…`);
        const measured = await hold(target.name, target.url, target.headers, target.pid, level);
        firstIdle[target.name] ??= measured.idle;
        results[target.name]![level] = (measured.held - firstIdle[target.name]!) / level;
        rows.push([target.name, String(level), fmt(measured.idle / 2 ** 20, 0), fmt(measured.held / 2 ** 20, 0), fmt(measured.perStream / 1024, 1),
          fmt(results[target.name]![level]! / 1024, 1)]);
      }
    }
    const out = ['', `Memory per open stream (${CHUNKS} chunks every ${INTERVAL_MS} ms; RSS from /proc; first idle after ${WARMUP} warm-up streams)`,
      table(['proxy', 'streams', 'idle MB', 'held MB', 'kB/stream over idle', 'kB/stream over first idle'], rows)];
    const top = levels[levels.length - 1]!;
    out.push('', `qiao ${fmt(results.qiao![top]! / 1024, 1)} kB/stream vs bare ${fmt(results.bare![top]! / 1024, 1)} kB/stream at ${top} streams (over the first idle RSS)`);
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await stopChildren();
    await rm(work, { recursive: true, force: true });
    setWorkDir(undefined);
  }
}

main().then(() => process.exit(0), (error: unknown) => fail(error instanceof Error ? error.message : String(error)));
