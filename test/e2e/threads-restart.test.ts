import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { startQiaoProcess, type QiaoProcess } from '../support/start-qiao-process.js';

const dataDirectory = mkdtempSync(join(tmpdir(), 'qiao-threads-restart-'));
// Every start uses the same SQLite file, wherever the process runs.
const config = `storage: { sqlitePath: ${JSON.stringify(join(dataDirectory, 'qiao.db'))} }\nproviders: { mock: { type: mock, paceMs: 0 } }\n`;

async function turn(qiao: QiaoProcess, content: string, threadId: string, stream: boolean): Promise<string> {
  const response = await fetch(`${qiao.url}/v1/chat/completions`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'mock/mock-echo', messages: [{ role: 'user', content }], thread_id: threadId, stream }),
  });
  assert.equal(response.status, 200);
  return response.text();
}

async function stored(qiao: QiaoProcess, threadId: string): Promise<string[]> {
  const response = await fetch(`${qiao.url}/v1/threads/${threadId}/messages`);
  assert.equal(response.status, 200);
  return (await response.json() as { data: { role: string; content: string }[] }).data.map((message) => `${message.role}: ${message.content}`);
}

describe('threads survive a restart of the real server, and a kill -9 right after an answer', () => {
  const running: QiaoProcess[] = [];
  const start = async () => {
    const qiao = await startQiaoProcess(['serve', '--port', '0', '--config', 'qiao.yaml'], { 'qiao.yaml': config });
    running.push(qiao);
    return qiao;
  };
  after(async () => {
    for (const qiao of running) if (qiao.child.exitCode === null) qiao.child.kill('SIGKILL');
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  test('stopped normally (SIGTERM): the history is there after the restart and the next turn builds on it', async () => {
    const first = await start();
    await turn(first, 'one', 'restart', false);
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0, first.output());

    const second = await start();
    assert.deepEqual(await stored(second, 'restart'), ['user: one', 'assistant: one']);
    await turn(second, 'two', 'restart', true);
    assert.deepEqual(await stored(second, 'restart'), ['user: one', 'assistant: one', 'user: two', 'assistant: two']);
    second.child.kill('SIGTERM');
    await second.exited;
  });

  test('kill -9 as soon as the answer has been received (JSON, then a stream read to [DONE]): nothing acknowledged is lost', async () => {
    const first = await start();
    await turn(first, 'acknowledged json', 'crash', false);
    assert.match(await turn(first, 'acknowledged stream', 'crash', true), /data: \[DONE\]\n\n$/);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await start();
    assert.deepEqual(await stored(second, 'crash'), [
      'user: acknowledged json', 'assistant: acknowledged json', 'user: acknowledged stream', 'assistant: acknowledged stream',
    ]);
    second.child.kill('SIGKILL');
    await second.exited;
  });
});
