/**
 * `npm run bench:profile`: where Qiao's CPU goes under load. Starts the mock upstream and Qiao (as
 * `npm run bench` runs it) with `node --cpu-prof`, drives one mode at 50 connections, stops Qiao so
 * it writes its profile, and prints the self time of the top functions and packages as shares of
 * the time Qiao was busy.
 *
 * Env: MODE=json|sse (default json), DURATION=seconds (default 10), CONNECTIONS=n (default 50),
 *      TOP=n (rows per table, default 30), KEEP=dir (keep the .cpuprofile there, for Chrome DevTools).
 */
import autocannon from 'autocannon';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cpuMs, fail, fmt, log, setWorkDir, startChild, stopChildren, table, waitForReadyLine } from './harness.js';
import { startQiao } from './qiao-under-test.js';

const MODE = process.env.MODE === 'sse' ? 'sse' : 'json';
const DURATION_S = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 50);
const TOP = Number(process.env.TOP ?? 30);

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
    const file = (frame.url || '(native)').replace(/^file:\/\//, '').replace(`${ROOT}/`, '').replace(/.*node_modules\//, 'node_modules/');
    const place = file.startsWith('node_modules/')
      ? file.split('/').slice(0, file.split('/')[1]!.startsWith('@') ? 3 : 2).join('/')
      : file;
    const fn = `${frame.functionName || '(anonymous)'}  ${file}${frame.lineNumber >= 0 ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  });
  return { busyUs, idleUs, byFunction, byPlace };
}

function top(values: Map<string, number>, busyUs: number): string[][] {
  return [...values]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TOP)
    .map(([name, us]) => [`${fmt((100 * us) / busyUs, 1)}%`, name]);
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'qiao-bench-profile-'));
  setWorkDir(work);
  const profileDir = process.env.KEEP ?? join(work, 'profile');
  try {
    const upstream = startChild('mock upstream', [join(ROOT, 'bench', 'mock-upstream.ts'), '0']);
    const upstreamOrigin = `http://127.0.0.1:${await waitForReadyLine(upstream)}`;
    const qiao = await startQiao(work, upstreamOrigin, { profileDir });
    const body = JSON.stringify({ model: 'bench-model', messages: [{ role: 'user', content: 'hello' }], stream: MODE === 'sse' });
    log(`profiling Qiao: ${MODE} at ${CONNECTIONS} connections for ${DURATION_S} s`);
    const cpuBefore = cpuMs(qiao.child.proc.pid);
    const result = await autocannon({
      url: `${qiao.origin}/v1/chat/completions`, method: 'POST', headers: qiao.headers, body,
      connections: CONNECTIONS, duration: DURATION_S, timeout: 10,
    });
    const cpuDuringLoad = (cpuMs(qiao.child.proc.pid) ?? NaN) - (cpuBefore ?? NaN);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx responses, ${result.errors} errors`);
    await stopChildren();
    // The main thread's profile is the largest (tsx's loader thread writes a small one too).
    const files = (await readdir(profileDir)).filter((f) => f.endsWith('.cpuprofile'));
    const sized = await Promise.all(files.map(async (f) => ({ f, text: await readFile(join(profileDir, f), 'utf8') })));
    const main = sized.sort((a, b) => b.text.length - a.text.length)[0];
    if (!main) throw new Error(`Qiao wrote no profile into ${profileDir}`);
    const { busyUs, idleUs, byFunction, byPlace } = selfTimes(JSON.parse(main.text) as Profile);
    const requests = result.requests.total;
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
