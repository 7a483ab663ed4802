import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Agent, request } from 'undici';
import { openSqliteStorage } from '../../src/storage/index.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { openAIChunks } from '../support/sse-events.js';
import { startQiaoProcess, type QiaoProcess } from '../support/start-qiao-process.js';

const words = ['one', ' two', ' three', ' four', ' five', ' six'];

function config(upstream: FakeUpstream, graceSeconds: number): string {
  return [
    `server: { shutdownGraceSeconds: ${graceSeconds} }`,
    'providers:',
    '  upstream:',
    '    type: openai-compatible',
    `    baseUrl: ${upstream.baseUrl}/v1`,
    '    apiKey: sk-test',
    '    models: [m]',
  ].join('\n');
}

/** Opens a stream and returns once its first event arrived, with a reader for the rest. */
async function openStream(qiao: QiaoProcess, requestId: string, prompt: string, dispatcher: Agent) {
  const response = await request(`${qiao.url}/v1/chat/completions`, {
    method: 'POST', dispatcher,
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ model: 'upstream/m', stream: true, messages: [{ role: 'user', content: prompt }] }),
  });
  assert.equal(response.statusCode, 200);
  let body = '';
  const chunks = response.body[Symbol.asyncIterator]();
  while (!body.includes('data: ')) body += String((await chunks.next()).value);
  return {
    async rest() {
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) body += String(next.value);
      return body;
    },
  };
}

/** Resolves once the listening socket is gone (a new connection is refused). */
async function refusesConnections(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const fresh = new Agent({ pipelining: 0 });
    const refused = await request(`${url}/health`, { dispatcher: fresh }).then(async (response) => { await response.body.dump(); return false; }, () => true);
    await fresh.close();
    if (refused) return;
    if (Date.now() > deadline) throw new Error('Qiao still accepts connections 15 s after SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function usageEntry(qiao: QiaoProcess, requestId: string) {
  const storage = await openSqliteStorage(join(qiao.cwd, 'data', 'qiao.db'));
  try {
    return (await storage.requestLog.recent(20)).find((entry) => entry.requestId === requestId);
  } finally {
    await storage.close();
  }
}

// The real CLI process: SIGTERM stops accepting, lets streams finish within the grace period,
// ends the rest in-band after it, flushes the usage log and exits 0.
describe('graceful shutdown of `qiao serve`', () => {
  let upstream: FakeUpstream;
  const client = new Agent();

  before(async () => {
    upstream = await startFakeUpstream({
      'POST /v1/chat/completions': (call) => {
        const prompt = (call.body as { messages: { content: string }[] }).messages.at(-1)!.content;
        return prompt === 'stall' ? { sse: openAIChunks(words).slice(0, 2), end: 'hang' } : { sse: openAIChunks(words), delayMs: 150 };
      },
    });
  });
  after(async () => {
    await client.close();
    await upstream?.close();
  });

  test('SIGTERM: no new connections, the in-flight stream finishes complete, usage is flushed, exit 0', async () => {
    const qiao = await startQiaoProcess(['serve', '--port', '0'], { 'qiao.yaml': config(upstream, 10) });
    const stream = await openStream(qiao, 'shutdown-finishes', 'count', client);
    qiao.child.kill('SIGTERM');
    await refusesConnections(qiao.url);
    const body = await stream.rest();
    assert.match(body, /data: \[DONE\]/);
    for (const word of words) assert.ok(body.includes(JSON.stringify(word).slice(1, -1)), `${word} arrived`);
    assert.equal(await qiao.exited, 0, qiao.output());
    const entry = await usageEntry(qiao, 'shutdown-finishes');
    assert.equal(entry?.status, 'ok', 'the finished stream is in the usage log');
  });

  test('after the grace period, a stream still running ends with an in-band shutting_down error, and Qiao exits 0', async () => {
    const qiao = await startQiaoProcess(['serve', '--port', '0'], { 'qiao.yaml': config(upstream, 1) });
    const stream = await openStream(qiao, 'shutdown-cut', 'stall', client);
    qiao.child.kill('SIGTERM');
    const body = await stream.rest();
    assert.ok(!body.includes('[DONE]'));
    const last = body.trim().split('\n').at(-1)!;
    assert.match(last, /^data: \{"error":/);
    assert.equal((JSON.parse(last.slice(6)) as { error: { code: string } }).error.code, 'shutting_down');
    assert.equal(await qiao.exited, 0, qiao.output());
    const entry = await usageEntry(qiao, 'shutdown-cut');
    assert.deepEqual([entry?.status, entry?.errorCode], ['error', 'shutting_down']);
  });
});
