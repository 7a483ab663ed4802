/**
 * Qiao as every benchmark runs it: `bin/qiao.js` on the build (`npm run build` first, as an installed Qiao
 * runs), its production path on — a virtual key (RPM limit and a USD budget) checked on every
 * request, prices, usage logged to SQLite, metrics on — pointed at the mock upstream, with its
 * output in a log file so its logging costs the load generator nothing.
 */
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { ROOT, freePort, log, startChild, waitForHealth, type Child } from './harness.js';

let built = false;

/** Compiles the sources once per benchmark run. */
export function buildOnce(): void {
  if (built) return;
  log('building (npm run build) so the compiled gateway is measured…');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  built = true;
}

export interface QiaoUnderTest {
  child: Child;
  origin: string;
  /** Headers for the load: content type and the virtual key. */
  headers: Record<string, string>;
  /** Headers carrying the admin key (for /metrics). */
  admin: Record<string, string>;
}

export interface QiaoOptions {
  /** Models the upstream provider serves (default: bench-model). */
  models?: string[];
  /** Write a `--cpu-prof` profile into this directory when Qiao stops. */
  profileDir?: string;
  /** More Node options for Qiao's process. */
  nodeArgs?: string[];
}

/** Writes the config, starts `src/cli.ts serve`, waits for health and creates the virtual key. */
export async function startQiao(work: string, upstreamOrigin: string, options: QiaoOptions = {}): Promise<QiaoUnderTest> {
  const models = options.models ?? ['bench-model'];
  const adminKey = `bench-admin-${process.pid}-0123456789`;
  const admin = { authorization: `Bearer ${adminKey}` };
  const configPath = join(work, 'qiao.yaml');
  await writeFile(
    configPath,
    [
      'storage:',
      `  sqlitePath: ${JSON.stringify(join(work, 'qiao.db'))}`,
      'providers:',
      '  upstream:',
      '    type: openai-compatible',
      `    baseUrl: ${upstreamOrigin}/v1`,
      '    apiKey: bench-key',
      `    models: [${models.join(', ')}]`,
      'api:',
      `  admin_key: ${adminKey}`,
      'prices:',
      ...models.map((model) => `  ${model}: { input: 1, output: 2 }`),
      'telemetry:',
      '  metrics: true',
      '',
    ].join('\n'),
  );
  buildOnce();
  const port = await freePort();
  const child = startChild(
    'qiao',
    [
      ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []),
      ...(options.nodeArgs ?? []),
      ...(process.env.QIAO_NODE_ARGS ?? '').split(' ').filter(Boolean),
      join(ROOT, 'bin', 'qiao.js'),
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--config',
      configPath,
    ],
    join(work, 'qiao.log'),
    { tsx: false },
  );
  const origin = `http://127.0.0.1:${port}`;
  await waitForHealth(child, origin, admin);
  const key = await createVirtualKey(origin, admin);
  return { child, origin, admin, headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` } };
}

/** Limits high enough never to refuse, so their cost is measured, not their effect. */
async function createVirtualKey(origin: string, admin: Record<string, string>): Promise<string> {
  const res = await request(`${origin}/admin/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...admin },
    body: JSON.stringify({ name: 'bench', rpm: 100_000_000, budget: { usd: 1_000_000, period: 'month' } }),
  });
  const text = await res.body.text();
  if (res.statusCode !== 201) throw new Error(`creating the bench's virtual key answered HTTP ${res.statusCode}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { key: string }).key;
}
