/**
 * The Portkey gateway (the TypeScript peer) as a benchmark target, when it can be installed from
 * npm into a cached temporary folder. Its streaming needs @hono/node-server 1.13.5 and hono 4.9.7
 * pinned through `overrides` (issue #9).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { request } from 'undici';
import { ROOT, log, sleep, startChild, type Child } from './harness.js';

const VERSION = '1.15.2';
const FOLDER = join(tmpdir(), `qiao-bench-portkey-${VERSION}`);
const ENTRY = join(FOLDER, 'node_modules', '@portkey-ai', 'gateway', 'build', 'start-server.js');

/** A started Portkey gateway and the headers that make it forward to the mock upstream. */
export interface Portkey {
  child: Child;
  origin: string;
  headers: Record<string, string>;
}

/** Installs Portkey once (cached across runs); returns why not when it cannot be installed. */
async function install(): Promise<string | undefined> {
  if (existsSync(ENTRY)) return undefined;
  log(`installing @portkey-ai/gateway@${VERSION} into ${FOLDER} (once)…`);
  await mkdir(FOLDER, { recursive: true });
  await writeFile(join(FOLDER, 'package.json'), JSON.stringify({
    name: 'qiao-bench-portkey', private: true,
    dependencies: { '@portkey-ai/gateway': VERSION },
    overrides: { '@hono/node-server': '1.13.5', hono: '4.9.7' },
  }));
  try {
    await promisify(execFile)('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: FOLDER, timeout: 240_000 });
  } catch (error) {
    return `npm install failed: ${(error as Error).message.split('\n')[0]}`;
  }
  return existsSync(ENTRY) ? undefined : `${ENTRY} missing after install`;
}

/** Starts Portkey on `port` in front of `upstreamOrigin`, or returns why it is skipped. */
export async function startPortkey(upstreamOrigin: string, port: number, logFile: string): Promise<Portkey | { skipped: string }> {
  const problem = await install();
  if (problem) return { skipped: problem };
  const child = startChild('portkey', ['--import', join(ROOT, 'bench', 'listen-localhost.mjs'), ENTRY, `--port=${port}`, '--headless'], logFile, { tsx: false });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      const response = await request(`${origin}/`, { headersTimeout: 1_000 });
      await response.body.text();
      return {
        child, origin,
        headers: { 'content-type': 'application/json', 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamOrigin}/v1`, authorization: 'Bearer bench-key' },
      };
    } catch {
      await sleep(100);
    }
  }
  return { skipped: `portkey did not answer within 20 s:\n${child.output()}` };
}
