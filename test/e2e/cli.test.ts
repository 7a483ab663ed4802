import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startQiaoProcess, type QiaoProcess } from '../support/start-qiao-process.js';

const bin = new URL('../../bin/qiao.js', import.meta.url).pathname;

/** Starts `qiao serve` in a clean directory with no provider keys, and waits for its banner. */
const startCli = (args: string[], files: Record<string, string> = {}) => startQiaoProcess(['serve', ...args], files);

async function stop(started: QiaoProcess): Promise<number | null> {
  const exited = once(started.child, 'exit');
  started.child.kill('SIGTERM');
  const [code] = await exited;
  return code as number | null;
}

describe('qiao CLI', () => {
  test('serve starts on the embedded defaults, says which models it serves, and stops cleanly', async () => {
    const started = await startCli(['--port', '0']);
    try {
      assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.match(started.output(), /mock: mock-echo/);
      assert.match(started.output(), /No provider API key is configured/);
      assert.match(started.output(), /SQLite at .*data\/qiao\.db/);
      const health = await (await fetch(`${started.url}/health`)).json() as { status: string };
      assert.equal(health.status, 'ok');
    } finally {
      assert.equal(await stop(started), 0);
    }
  });

  test('--host, --port and --config pass through; a non-loopback host without keys prints a warning', async () => {
    const config = 'providers:\n  local:\n    type: vllm\n    baseUrl: http://127.0.0.1:9/v1\n    models: [qwen3-8b]\naliases:\n  fast: local/qwen3-8b\n';
    const started = await startCli(['--host', '127.0.0.2', '--port', '0', '--config', 'custom.yaml'], { 'custom.yaml': config });
    try {
      assert.match(started.url, /^http:\/\/127\.0\.0\.2:\d+$/);
      assert.match(started.output(), /Config: .*custom\.yaml/);
      assert.match(started.output(), /local: qwen3-8b/);
      assert.match(started.output(), /fast → local\/qwen3-8b/);
      assert.match(started.output(), /WARNING: listening on 127\.0\.0\.2 with no API key required/);
    } finally {
      assert.equal(await stop(started), 0);
    }
  });

  test('a broken config exits 1 naming the field', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'qiao-cli-'));
    writeFileSync(join(cwd, 'qiao.yaml'), 'server:\n  port: eighty\n');
    const child = spawn(process.execPath, [bin, 'serve'], { cwd, env: { PATH: process.env.PATH ?? '' } });
    let output = '';
    child.stderr.on('data', (data: Buffer) => { output += data.toString(); });
    const [code] = await once(child, 'exit');
    assert.equal(code, 1);
    assert.match(output, /Configuration error: .*\n.*server\.port/);
  });
});
