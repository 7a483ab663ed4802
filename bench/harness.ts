/**
 * What every benchmark script shares: child processes (started with tsx, killed with us), /proc
 * readings (CPU time, RSS), free ports, and table formatting.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** How long a child may take to start (READY_TIMEOUT seconds; more on a loaded machine). */
export const READY_TIMEOUT_MS = Number(process.env.READY_TIMEOUT ?? 20) * 1000;
export const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
let workDir: string | undefined;
/** A temporary directory removed when the process exits, however it exits. */
export function setWorkDir(dir: string | undefined): void {
  workDir = dir;
}
// ---------------------------------------------------------------------------------------------
// Child processes

export interface Child {
  name: string;
  proc: ChildProcess;
  /** Tail of the child's combined stdout/stderr, for error reports. */
  output: () => string;
}

const children: Child[] = [];
let stopping = false;

/**
 * Starts `node --import tsx <args>` (plain `node <args>` with `tsx: false`). With `logFile`, the child's stdout and stderr go straight to
 * that file, so however much it logs costs this process (the load generator) nothing; without it
 * they are piped here (our own children print little more than READY).
 */
export function startChild(name: string, args: string[], logFile?: string, options: { tsx?: boolean } = {}): Child {
  const logFd = logFile === undefined ? undefined : openSync(logFile, 'a');
  const proc = spawn(process.execPath, options.tsx === false ? args : ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, BENCH_CHILD: '1' },
    // stdin stays an open pipe: our own children exit when it closes (i.e. when we die).
    stdio: logFd === undefined ? ['pipe', 'pipe', 'pipe'] : ['pipe', logFd, logFd],
  });
  if (logFd !== undefined) closeSync(logFd);
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail += chunk.toString();
    if (tail.length > 16_384) tail = tail.slice(-16_384);
  };
  // Always drain the pipes: a child blocked on a full pipe would distort the measurements.
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  proc.stdin!.on('error', () => {});
  const output = (): string => {
    if (logFile === undefined) return tail.trim();
    try {
      return readFileSync(logFile, 'utf8').slice(-16_384).trim();
    } catch {
      return '';
    }
  };
  const child: Child = { name, proc, output };
  proc.on('exit', (code, signal) => {
    if (!stopping) fail(`${name} exited unexpectedly (code ${code}, signal ${signal})\n${indent(child.output())}`);
  });
  proc.on('error', (err) => fail(`${name} could not be started: ${err.message}`));
  children.push(child);
  return child;
}

/** Resolves with the port from the child's `READY <port>` line. */
export function waitForReadyLine(child: Child): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let buf = '';
    const timer = setTimeout(
      () => reject(new Error(`${child.name} did not print READY within ${READY_TIMEOUT_MS} ms\n${indent(child.output())}`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer): void => {
      buf += chunk.toString();
      const m = /^READY (\d+)$/m.exec(buf);
      if (m) {
        clearTimeout(timer);
        child.proc.stdout!.off('data', onData);
        resolvePort(Number(m[1]));
      }
    };
    child.proc.stdout!.on('data', onData);
  });
}

/** Polls GET /health every 50 ms until it answers 200. */
export async function waitForHealth(child: Child, origin: string, headers: Record<string, string> = {}): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) break;
    try {
      const res = await request(`${origin}/health`, { headers, headersTimeout: 1_000, bodyTimeout: 1_000 });
      const text = await res.body.text();
      if (res.statusCode === 200) return;
      last = `HTTP ${res.statusCode}: ${text.slice(0, 300)}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await sleep(50);
  }
  throw new Error(
    `${child.name} did not answer 200 on GET ${origin}/health within ${READY_TIMEOUT_MS / 1000} s (last: ${last})\n` +
      `--- ${child.name} output ---\n${indent(child.output() || '(none)')}`,
  );
}

export async function stopChildren(): Promise<void> {
  stopping = true;
  const alive = children.filter((c) => c.proc.exitCode === null && c.proc.signalCode === null);
  await Promise.all(
    alive.map(
      (c) =>
        new Promise<void>((done) => {
          const timer = setTimeout(() => {
            c.proc.kill('SIGKILL');
            done();
          }, 3_000);
          c.proc.once('exit', () => {
            clearTimeout(timer);
            done();
          });
          c.proc.kill('SIGTERM');
        }),
    ),
  );
}

export function killChildrenNow(): void {
  stopping = true;
  for (const c of children) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  }
}

process.on('exit', () => {
  killChildrenNow();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    log(`\n${sig}: stopping`);
    killChildrenNow();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

let failed = false;
export function fail(message: string): never {
  if (!failed) {
    failed = true;
    log(`\nbench FAILED: ${message}`);
  }
  killChildrenNow();
  process.exit(1);
}

/** Clock ticks per second for /proc/<pid>/stat. */
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, ms) a process has used so far; undefined where /proc is unavailable. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLK_TCK) * 1000;
  } catch {
    return undefined;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Output

export function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

export const fmt = (v: number | undefined, digits = 2): string => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
export const signed = (v: number | undefined, digits = 2): string =>
  v === undefined || !Number.isFinite(v) ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}
