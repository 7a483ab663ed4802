/**
 * `npm run bench:startup`: how soon Qiao serves after it is started, and its idle memory.
 *
 * Starts `node bin/qiao.js core` (the sidecar profile desktop apps start) several times, each in a
 * fresh directory with no config (mock provider, new SQLite file), and measures the time from
 * spawn to the first 200 from `GET /heartbeat`, then the idle RSS a second later. Uses the compiled
 * build (runs `npm run build` first when dist/ is missing or stale), as an installed Qiao would.
 *
 * Env: RUNS (default 5).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { ROOT, fmt, freePort, sleep, table } from './harness.js';
import { buildOnce } from './qiao-under-test.js';

const RUNS = Number(process.env.RUNS ?? 5);

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) / 1024;
}

async function once(): Promise<{ readyMs: number; idleRssMb: number }> {
  const directory = await mkdtemp(join(tmpdir(), 'qiao-bench-startup-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'qiao.js'), 'core', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: directory, stdio: 'ignore', env: { ...process.env, QIAO_LOG_LEVEL: 'warn' },
  });
  try {
    for (;;) {
      if (performance.now() - started > 20_000) throw new Error('Qiao did not answer /heartbeat within 20 s');
      try {
        const response = await request(`http://127.0.0.1:${port}/heartbeat`);
        await response.body.text();
        if (response.statusCode === 200) break;
      } catch {
        // not listening yet
      }
      await sleep(5);
    }
    const readyMs = performance.now() - started;
    await sleep(1_000);
    return { readyMs, idleRssMb: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await rm(directory, { recursive: true, force: true });
  }
}

buildOnce();
const runs: { readyMs: number; idleRssMb: number }[] = [];
for (let i = 0; i < RUNS; i++) runs.push(await once());
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const median = (values: number[]) => sorted(values)[Math.floor(values.length / 2)]!;
process.stdout.write(`${['', `Start-up of \`qiao core\` (compiled), ${RUNS} runs`, table(
  ['', 'median', 'min', 'max'],
  [
    ['ready (ms)', fmt(median(runs.map((r) => r.readyMs)), 0), fmt(sorted(runs.map((r) => r.readyMs))[0], 0), fmt(sorted(runs.map((r) => r.readyMs)).at(-1), 0)],
    ['idle RSS (MB)', fmt(median(runs.map((r) => r.idleRssMb)), 0), fmt(sorted(runs.map((r) => r.idleRssMb))[0], 0), fmt(sorted(runs.map((r) => r.idleRssMb)).at(-1), 0)],
  ],
)].join('\n')}\n`);
process.exit(0);
