import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

const bin = new URL('../../bin/qiao.js', import.meta.url).pathname;

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
}

/** Starts `qiao serve` in a clean directory with no provider keys, and waits for its banner. */
async function startCli(args: string[], files: Record<string, string> = {}): Promise<Started> {
  const cwd = mkdtempSync(join(tmpdir(), 'qiao-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(cwd, name), text);
  const env = { PATH: process.env.PATH ?? '', HOME: cwd, QIAO_LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, [bin, 'serve', ...args], { cwd, env });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`qiao exited with ${code} before listening:\n${output}`)));
  });
  return { child, url, output: () => output };
}

async function stop(started: Started): Promise<number | null> {
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
