import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { Agent, request } from 'undici';
import { startGateway } from '../support/start-gateway.js';

const total = 10_000;
const concurrency = 50;
/** Faults before the first byte fall back to the steady deployment; drop and malformed break streams after it. */
const faults: [prompt: string, stream: boolean][] = [['500', false], ['reset', false], ['503', false], ['drop', true], ['malformed', true], ['reset', true]];
const collect = globalThis.gc;

/** Open sockets (client, server and upstream sides, all in this process). */
const sockets = () => process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    collect!();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

if (!collect) {
  // Memory is only comparable after a full collection: run this file again where gc() is exposed.
  test('leak check (in a child node --expose-gc)', () => {
    const env = { ...process.env };
    delete env.NODE_TEST_CONTEXT; // else the child reports to this runner instead of printing
    const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', '--test', '--test-reporter=spec', fileURLToPath(import.meta.url)], { encoding: 'utf8', timeout: 600_000, env });
    assert.equal(child.status, 0, `${child.stdout}\n${child.stderr}`);
    assert.match(child.stdout, /sockets and memory return to their baseline/);
    console.log(/sockets \d+ → \d+; heap .*/.exec(child.stdout)?.[0] ?? child.stdout);
  });
} else {
  describe('no leaks under faults', () => {
    test(`after ${total} faulty requests (${concurrency} at a time, real sockets) sockets and memory return to their baseline`, async () => {
      // The fakes run in a worker thread: their sockets and memory are not in this thread's counts, and they use the other core.
      const upstreams = new Worker(new URL('./upstreams-worker.mjs', import.meta.url));
      const [{ faulty, steady }] = await once(upstreams, 'message') as [{ faulty: string; steady: string }];
      const qiao = await startGateway({
        server: { logLevel: 'silent' },
        providers: {
          flaky: { type: 'openai-compatible', baseUrl: `${faulty}/v1`, apiKey: 'k', models: ['m'] },
          steady: { type: 'openai-compatible', baseUrl: `${steady}/v1`, apiKey: 'k', models: ['m'] },
        },
        aliases: { pair: ['flaky/m', 'steady/m'] },
        // Every request meets its fault: one try per deployment, and no breaker cutting the faulty one off.
        routing: { maxAttemptsPerDeployment: 1, breaker: { consecutiveFailures: 1_000_000, minimumRequests: 1_000_000 } },
      }, {}, { gateway: { router: { sleep: async () => undefined } } });
      const client = new Agent({ connections: concurrency, keepAliveTimeout: 60_000 });
      const statuses = new Map<number, number>();
      const run = async (count: number) => {
        let next = 0;
        await Promise.all(Array.from({ length: concurrency }, async () => {
          while (next < count) {
            const [prompt, stream] = faults[next++ % faults.length]!;
            const response = await request(`${qiao.url}/v1/chat/completions`, {
              method: 'POST', dispatcher: client, headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ model: 'pair', stream, messages: [{ role: 'user', content: prompt }] }),
            });
            await response.body.text();
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          }
        }));
      };
      try {
        await run(600);
        await qiao.gateway.usage.flush();
        const baseline = { sockets: sockets(), heap: await settledHeap() };
        statuses.clear();
        await run(total);
        await qiao.gateway.usage.flush();
        assert.deepEqual([...statuses.keys()], [200], 'JSON faults fell back, stream faults broke in-band after a 200');
        assert.equal(statuses.get(200), total);
        const router = qiao.gateway.router.snapshot();
        assert.deepEqual(router.map((entry) => entry.inFlight), router.map(() => 0), 'nothing left in flight');

        const deadline = Date.now() + 10_000;
        while (sockets() > baseline.sockets + 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        const after = { sockets: sockets(), heap: await settledHeap() };
        const grownMb = (after.heap - baseline.heap) / 1024 / 1024;
        console.log(`sockets ${baseline.sockets} → ${after.sockets}; heap ${(baseline.heap / 1048576).toFixed(1)} MB → ${(after.heap / 1048576).toFixed(1)} MB`);
        assert.ok(after.sockets <= baseline.sockets + 20, `open sockets ${baseline.sockets} → ${after.sockets}`);
        assert.ok(grownMb < 8, `heap grew ${grownMb.toFixed(1)} MB over ${total} requests`);
      } finally {
        await client.close();
        await qiao.close();
        upstreams.postMessage('close');
        await once(upstreams, 'exit');
      }
    });
  });
}
