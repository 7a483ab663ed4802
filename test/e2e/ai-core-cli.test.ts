import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { openSqliteStorage } from '../../src/storage/index.js';
import { ssePayloads } from '../support/sse-events.js';
import { startQiaoProcess, type QiaoProcess } from '../support/start-qiao-process.js';
import { postJson } from './ai-core-support.js';

const bin = new URL('../../bin/qiao.js', import.meta.url).pathname;
/** Generous bound for a child to exit by itself; the deadlines below are seconds. */
const exitBoundMs = 60_000;

const directories: string[] = [];

/** Starts the `qiao` bin with no provider keys and waits for its banner; its directory is removed after the suite. */
async function startSidecar(args: string[]): Promise<QiaoProcess> {
  const sidecar = await startQiaoProcess(args);
  directories.push(sidecar.cwd);
  return sidecar;
}

/** Waits until the child's output contains `text`, failing after the bound. */
async function waitForOutput(sidecar: QiaoProcess, text: string): Promise<void> {
  const started = performance.now();
  while (!sidecar.output().includes(text)) {
    if (performance.now() - started > exitBoundMs) assert.fail(`no "${text}" within ${exitBoundMs} ms:\n${sidecar.output()}`);
    await sleep(50);
  }
}

/** The exit code, failing the test if the child is still running after the bound. */
async function exitCode(sidecar: QiaoProcess): Promise<number | null> {
  const timer = sleep(exitBoundMs, 'still running' as const, { ref: false });
  const outcome = await Promise.race([sidecar.exited, timer]);
  if (outcome === 'still running') {
    sidecar.child.kill('SIGKILL');
    assert.fail(`qiao did not exit within ${exitBoundMs} ms:\n${sidecar.output()}`);
  }
  return outcome;
}

describe('qiao core: the ai_core sidecar profile and its heartbeat deadline', () => {
  after(() => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });

  test('--help documents the executable\'s defaults: port 8080, host 0.0.0.0, timeout 500 s', async () => {
    const child = spawn(process.execPath, [bin, 'core', '--help']);
    let output = '';
    child.stdout.on('data', (data: Buffer) => { output += data.toString(); });
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.match(output, /--port <port>.*default 8080/);
    assert.match(output, /--host <host>.*default 0\.0\.0\.0/);
    assert.match(output, /--timeout <seconds>[\s\S]*default 500/);
    assert.match(output, /--config <file>/);
  });

  test('without heartbeats it stops accepting, lets the open stream finish, says why and exits 0', async () => {
    const sidecar = await startSidecar(['core', '--host', '127.0.0.1', '--port', '0', '--timeout', '2']);
    // 30 words, 250 ms apart: the stream outlasts the 2 s deadline by seconds.
    const words = Array.from({ length: 30 }, (_, index) => `w${index}`).join(' ');
    const response = await postJson(sidecar.url, '/chat/stream', { messages: [{ role: 'user', content: words }], mock_pace_ms: 250 });
    assert.equal(response.status, 200);
    const streamed = response.text();
    await waitForOutput(sidecar, 'No heartbeat');
    const late = await fetch(`${sidecar.url}/health`).then((answer) => answer.status, () => 'refused');
    assert.notEqual(late, 200, 'no new requests once shutting down');
    const body = await streamed;
    const outputWhenStreamEnded = sidecar.output();
    const events = ssePayloads(body);
    assert.equal(events.at(-1), '[DONE]', 'the in-flight stream completed');
    assert.equal((JSON.parse(events.at(-2)!) as { content: string }).content, words);
    assert.match(outputWhenStreamEnded, /No heartbeat for 2 s: shutting down/, 'the deadline passed while the stream was open');
    assert.equal(await exitCode(sidecar), 0);
    assert.match(sidecar.output(), /Heartbeat: exits after 2 s without GET \/heartbeat\.\n(.|\n)*No heartbeat for 2 s: shutting down/);
    const storage = await openSqliteStorage(join(sidecar.cwd, 'data', 'qiao.db'));
    try {
      const logged = await storage.requestLog.recent(10);
      assert.ok(logged.some((entry) => entry.endpoint === '/chat/stream' && entry.status === 'ok'), 'the usage log was flushed before exit');
    } finally {
      await storage.close();
    }
  });

  test('heartbeats keep it alive past the timeout; when they stop, it exits', async () => {
    const sidecar = await startSidecar(['core', '--host', '127.0.0.1', '--port', '0', '--timeout', '3']);
    let alive = true;
    void sidecar.exited.then(() => { alive = false; });
    const started = performance.now();
    // Beats 300 ms apart for over twice the timeout.
    while (performance.now() - started < 7_000) {
      const beat = await (await fetch(`${sidecar.url}/heartbeat`)).json() as { success: boolean; elapsed_time: number };
      assert.equal(beat.success, true);
      assert.ok(beat.elapsed_time < 3, `beat ${beat.elapsed_time} s after the previous one`);
      await sleep(300);
    }
    assert.ok(alive, 'still running after more than twice the timeout');
    assert.equal((await fetch(`${sidecar.url}/health`)).status, 200);
    assert.ok(!sidecar.output().includes('No heartbeat'));
    assert.equal(await exitCode(sidecar), 0);
    assert.match(sidecar.output(), /No heartbeat for 3 s: shutting down/);
  });

  test('`qiao serve core` (what `npm start -- core` runs) and `qiao serve --timeout` have the same deadline', async () => {
    for (const args of [['serve', 'core', '--timeout', '1'], ['serve', '--timeout', '1']]) {
      const sidecar = await startSidecar([...args, '--host', '127.0.0.1', '--port', '0']);
      assert.equal(await exitCode(sidecar), 0, args.join(' '));
      assert.match(sidecar.output(), /No heartbeat for 1 s: shutting down/, args.join(' '));
    }
  });
});
