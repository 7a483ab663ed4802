/**
 * The CLI as `npm run build` bundles it and bin/qiao.js runs it (scripts/bundle-cli.ts), bundled
 * afresh into a directory of dist/: `qiao core` must start without loading what only a configured
 * feature or a first request needs, and the bundle must serve as the sources do.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { bundleCli } from '../../scripts/bundle-cli.js';
import { startFakeOpenAIChat, openAIFakeText } from '../support/openai-chat-fake.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { startQiaoProcess, type QiaoProcess } from '../support/start-qiao-process.js';

const dist = new URL('../../dist/', import.meta.url).pathname;
const recorder = new URL('../support/record-loaded-modules.mjs', import.meta.url).pathname;
/** Generous bound for a child to exit after SIGTERM. */
const exitBoundMs = 30_000;

/** Packages a sidecar with no config must not load to start: each serves a feature that is off, or the first request that needs it. */
const notAtStartUp = [
  'undici', 'ioredis', 'pg', 'ajv', '@fastify/ajv-compiler', 'gpt-tokenizer', 'rate-limiter-flexible', 'esbuild',
  '@fastify/swagger', '@fastify/swagger-ui', 'yaml',
];

/** The package a loaded module belongs to; none for a package.json (read for a version, not loaded). */
function packageOf(file: string): string | undefined {
  return file.endsWith('/package.json') ? undefined : /node_modules\/((@[^/]+\/)?[^/]+)\//.exec(file)?.[1];
}

async function stop(qiao: QiaoProcess): Promise<number | null> {
  qiao.child.kill('SIGTERM');
  const outcome = await Promise.race([qiao.exited, sleep(exitBoundMs, 'still running' as const, { ref: false })]);
  if (outcome === 'still running') {
    qiao.child.kill('SIGKILL');
    assert.fail(`qiao did not exit within ${exitBoundMs} ms:\n${qiao.output()}`);
  }
  rmSync(qiao.cwd, { recursive: true, force: true });
  return outcome;
}

describe('the bundled CLI', () => {
  let outdir: string;
  let upstream: FakeUpstream;
  before(async () => {
    mkdirSync(dist, { recursive: true });
    outdir = mkdtempSync(join(dist, 'test-bundle-'));
    await bundleCli(outdir);
    upstream = await startFakeOpenAIChat();
  });
  after(async () => {
    rmSync(outdir, { recursive: true, force: true });
    await upstream.close();
  });

  test('`qiao core` answers /heartbeat without having loaded a package it does not need yet', async () => {
    const record = join(outdir, 'loaded-modules.txt');
    const sidecar = await startQiaoProcess(['core', '--host', '127.0.0.1', '--port', '0'], {}, { RECORD_LOADED_MODULES: record }, {
      script: join(outdir, 'cli.js'), nodeArgs: ['--import', recorder],
    });
    assert.equal((await fetch(`${sidecar.url}/heartbeat`)).status, 200);
    assert.equal(await stop(sidecar), 0);
    const loaded = new Set(readFileSync(record, 'utf8').split('\n').map(packageOf));
    assert.ok(loaded.has('fastify') && loaded.has('better-sqlite3'), 'the record lists the packages in use');
    assert.deepEqual(notAtStartUp.filter((name) => loaded.has(name)), []);
  });

  test('serves from the bundle: versions, a provider call, a validation error, metrics, the OpenAPI document and page', async () => {
    const qiao = await startQiaoProcess(['serve', '--host', '127.0.0.1', '--port', '0'], {}, {
      OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${upstream.baseUrl}/v1`,
    }, { script: join(outdir, 'cli.js') });
    try {
      const health = await (await fetch(`${qiao.url}/health`)).json() as { versions: Record<string, string> };
      const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
      assert.equal(health.versions.qiao, version, 'package.json is found from the bundle');
      const chat = (content: unknown) => fetch(`${qiao.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content }] }),
      });
      const answer = await chat('hello');
      assert.equal(answer.status, 200);
      assert.equal(((await answer.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content, openAIFakeText);
      const invalid = await fetch(`${qiao.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4o-mini' }) });
      assert.equal(invalid.status, 400);
      assert.match(((await invalid.json()) as { error: { message: string } }).error.message, /messages/);
      assert.match(await (await fetch(`${qiao.url}/metrics`)).text(), /qiao_requests_total\{[^}]*status="200"\} 1/);
      const openapi = await (await fetch(`${qiao.url}/openapi.json`)).json() as { paths: Record<string, unknown> };
      assert.ok(openapi.paths['/v1/chat/completions']);
      assert.match(await (await fetch(`${qiao.url}/docs/`)).text(), /swagger-ui/);
    } finally {
      assert.equal(await stop(qiao), 0);
    }
  });
});
