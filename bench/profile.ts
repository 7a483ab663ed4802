/**
 * `npm run bench:profile`: where Qiao's CPU goes under load. Starts the mock upstream and Qiao (as
 * `npm run bench` runs it) with `node --cpu-prof`, drives one mode at 50 connections, stops Qiao so
 * it writes its profile, and prints the self time of the top functions and packages as shares of
 * the time Qiao was busy.
 *
 * With ALLOC=1 it samples allocations instead (V8's sampling heap profiler, collected objects
 * included): bytes allocated per request and the functions that allocate them — the garbage
 * collector's work, which a CPU profile only shows as one line.
 *
 * Env: MODE=json|sse (default json), DURATION=seconds (default 10), CONNECTIONS=n (default 50),
 *      TOP=n (rows per table, default 30), KEEP=dir (keep the .cpuprofile there, for Chrome DevTools),
 *      ALLOC=1 (allocations instead of CPU).
 */
import autocannon from 'autocannon';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cpuMs, fail, fmt, log, setWorkDir, sleep, startChild, stopChildren, table, waitForReadyLine } from './harness.js';
import { startQiao } from './qiao-under-test.js';

const MODE = process.env.MODE === 'sse' ? 'sse' : 'json';
const DURATION_S = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const TOP = Number(process.env.TOP ?? 30);
const ALLOC = process.env.ALLOC === '1';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function and per package (or source file), in µs, idle excluded. */
function selfTimes(profile: Profile): { busyUs: number; idleUs: number; byFunction: Map<string, number>; byPlace: Map<string, number> } {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let busyUs = 0;
  let idleUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    const frame = nodes.get(id)!.callFrame;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      return;
    }
    busyUs += us;
    const { fn, where } = place(frame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byPlace.set(where, (byPlace.get(where) ?? 0) + us);
  });
  return { busyUs, idleUs, byFunction, byPlace };
}

function top(values: Map<string, number>, total: number): string[][] {
  return [...values]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, amount]) => [`${fmt((100 * amount) / total, 1)}%`, name]);
}

interface AllocationNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children: AllocationNode[];
}

/** Where a frame is: its package under node_modules, else its file; and the function with its line. */
function place(frame: ProfileNode['callFrame']): { fn: string; where: string } {
  const file = (frame.url || '(native)').replace(/^file:\/\//, '').replace(`${ROOT}/`, '').replace(/.*node_modules\//, 'node_modules/');
  const where = file.startsWith('node_modules/') ? file.split('/').slice(0, file.split('/')[1]!.startsWith('@') ? 3 : 2).join('/') : file;
  return { fn: `${frame.functionName || '(anonymous)'}  ${file}${frame.lineNumber >= 0 ? `:${frame.lineNumber + 1}` : ''}`, where };
}

/** Bytes allocated per function and per package (or source file). */
function allocationSites(head: AllocationNode): { totalBytes: number; byFunction: Map<string, number>; byPlace: Map<string, number> } {
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let totalBytes = 0;
  const visit = (node: AllocationNode): void => {
    if (node.selfSize > 0) {
      const { fn, where } = place(node.callFrame);
      totalBytes += node.selfSize;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + node.selfSize);
      byPlace.set(where, (byPlace.get(where) ?? 0) + node.selfSize);
    }
    for (const child of node.children) visit(child);
  };
  visit(head);
  return { totalBytes, byFunction, byPlace };
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'qiao-bench-profile-'));
  setWorkDir(work);
  const profileDir = process.env.KEEP ?? join(work, 'profile');
  try {
    const upstream = startChild('mock upstream', [join(ROOT, 'bench', 'mock-upstream.ts'), '0']);
    const upstreamOrigin = `http://127.0.0.1:${await waitForReadyLine(upstream)}`;
    const allocationProfile = join(work, 'allocations.heapprofile');
    process.env.QIAO_ALLOCATION_PROFILE = allocationProfile;
    const qiao = ALLOC
      ? await startQiao(work, upstreamOrigin, { nodeArgs: ['--import', join(ROOT, 'bench', 'allocation-sampler.mjs')] })
      : await startQiao(work, upstreamOrigin, { profileDir });
    const body = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hello' }], stream: MODE === 'sse' });
    const load = (durationS: number) => autocannon({
      url: `${qiao.origin}/v1/chat/completions`, method: 'POST', headers: qiao.headers, body,
      connections: CONNECTIONS, duration: durationS, timeout: 10,
    });
    if (ALLOC) {
      await load(2);
      qiao.child.proc.kill('SIGUSR2');
      await sleep(200);
    }
    log(`profiling Qiao (${ALLOC ? 'allocations' : 'CPU'}): ${MODE} at ${CONNECTIONS} connections for ${DURATION_S} s`);
    const cpuBefore = cpuMs(qiao.child.proc.pid);
    const result = await load(DURATION_S);
    const cpuDuringLoad = (cpuMs(qiao.child.proc.pid) ?? NaN) - (cpuBefore ?? NaN);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx responses, ${result.errors} errors`);
    await stopChildren();
    const requests = result.requests.total;
    if (ALLOC) {
      const { totalBytes, byFunction, byPlace } = allocationSites((JSON.parse(await readFile(allocationProfile, 'utf8')) as { head: AllocationNode }).head);
      process.stdout.write(
        [
          '',
          `${requests} ${MODE} requests, ${fmt(requests / result.duration, 0)} req/s; ~${fmt(totalBytes / requests / 1024, 1)} kB allocated per request (sampled)`,
          '',
          'Bytes allocated by package or source file (share)',
          table(['share', 'where'], top(byPlace, totalBytes)),
          '',
          'Bytes allocated by function',
          table(['share', 'function'], top(byFunction, totalBytes)),
          '',
        ].join('\n'),
      );
      return;
    }
    // The main thread's profile is the largest (tsx's loader thread writes a small one too).
    const files = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
    const sized = await Promise.all(files.map(async (f) => ({ f, text: await readFile(join(profileDir, f), 'utf8') })));
    const main = sized.sort((a, b) => b.text.length - a.text.length)[0];
    if (!main) throw new Error(`Qiao wrote no profile into ${profileDir}`);
    const { busyUs, idleUs, byFunction, byPlace } = selfTimes(JSON.parse(main.text) as Profile);
    process.stdout.write(
      [
        '',
        `${requests} ${MODE} requests, ${fmt(requests / result.duration, 0)} req/s; ${fmt((cpuDuringLoad * 1000) / requests, 0)} µs of Qiao's CPU per request`,
        `profile (start-up and shutdown included): busy ${fmt(busyUs / 1000, 0)} ms, idle ${fmt(idleUs / 1000, 0)} ms`,
        '',
        'Self time by package or source file (share of busy time)',
        table(['share', 'where'], top(byPlace, busyUs)),
        '',
        'Self time by function',
        table(['share', 'function'], top(byFunction, busyUs)),
        process.env.KEEP ? `\nprofile kept: ${join(profileDir, main.f)}` : '',
        '',
      ].join('\n'),
    );
  } finally {
    await stopChildren();
    await rm(work, { recursive: true, force: true });
    setWorkDir(undefined);
  }
}

main().then(() => process.exit(0), (error: unknown) => fail(error instanceof Error ? error.message : String(error)));
