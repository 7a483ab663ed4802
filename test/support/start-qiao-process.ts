import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/qiao.js', import.meta.url).pathname;

/** A `qiao` command running as a child process, past its startup banner. */
export interface QiaoProcess {
  child: ChildProcessWithoutNullStreams;
  /** Its working directory (temporary; the SQLite file is data/qiao.db in it). */
  cwd: string;
  /** Where it listens, from the banner. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** What runs instead of the `qiao` bin, and how. */
export interface Launch {
  /** The CLI script to run (e.g. a bundle); default bin/qiao.js. */
  script?: string;
  /** Arguments for node before the script. */
  nodeArgs?: string[];
}

/**
 * Runs the `qiao` bin with `args` in a clean directory holding `files`, with no provider keys (only
 * the variables in `env`), and waits for its banner.
 */
export async function startQiaoProcess(args: string[], files: Record<string, string> = {}, env: Record<string, string> = {}, launch: Launch = {}): Promise<QiaoProcess> {
  const cwd = mkdtempSync(join(tmpdir(), 'qiao-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  const child = spawn(process.execPath, [...(launch.nodeArgs ?? []), launch.script ?? bin, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, QIAO_LOG_LEVEL: 'warn', ...env } });
  let output = '';
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`qiao exited with ${code} before listening:\n${output}`)));
  });
  return { child, cwd, url, output: () => output, exited };
}
