import assert from 'node:assert/strict';
import { createHook } from 'node:async_hooks';
import { ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { request } from 'undici';
import { startFakeUpstream, type FakeUpstream } from './support/fake-upstream.js';
import { startGateway, type RunningGateway } from './support/start-gateway.js';

// Not timing tests: they count what a streamed answer costs per upstream event — promises made
// (awaits, generator steps) and writes to the client — so a per-chunk await chain or a write per
// event fails here instead of only showing up in `npm run bench` (docs/benchmarks.md).

/** An OpenAI stream of `events` content chunks, all in one network write, as a fast upstream sends it. */
function oneReadStream(events: number): string {
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  return [
    chunk({ role: 'assistant', content: '' }, null),
    ...Array.from({ length: events }, (_, i) => chunk({ content: `t${i} ` }, null)),
    chunk({}, 'stop'),
    'data: [DONE]\n\n',
  ].join('');
}

interface StreamCost {
  promises: number;
  writes: number;
  text: string;
}

describe('hot-path guard: streams', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;

  before(async () => {
    upstream = await startFakeUpstream({
      'POST /v1/chat/completions': (call) => ({ raw: oneReadStream((call.body as { messages: { content: string }[] }).messages[0]!.content.length) }),
    });
    qiao = await startGateway({ providers: { upstream: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'k', models: ['m'] } } });
    await streamOf(5); // first-call work (tokenizer, schema compilation) out of the counts
  });

  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  /** Streams an answer of `events` chunks through Qiao, counting promises created and response writes meanwhile. */
  async function streamOf(events: number): Promise<StreamCost> {
    let promises = 0;
    let writes = 0;
    const hook = createHook({ init: (_id, type) => { if (type === 'PROMISE') promises++; } });
    const write = ServerResponse.prototype.write;
    ServerResponse.prototype.write = function countedWrite(this: ServerResponse, ...args: Parameters<typeof write>) {
      writes++;
      return write.apply(this, args);
    } as typeof write;
    hook.enable();
    try {
      const response = await request(`${qiao.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x'.repeat(events) }] }),
      });
      const text = await response.body.text();
      return { promises, writes, text };
    } finally {
      hook.disable();
      ServerResponse.prototype.write = write;
    }
  }

  test('each further upstream event in the same network read costs no promise and no write of its own (parts travel in batches, one per read; a per-part async layer adds 2–4 promises per event)', async () => {
    const few = await streamOf(10);
    const many = await streamOf(90);
    assert.equal(many.text.match(/"content":"t\d+ "/g)?.length, 90, 'every event reaches the client');
    assert.ok(many.text.endsWith('data: [DONE]\n\n'));
    const promisesPerEvent = (many.promises - few.promises) / 80;
    assert.ok(promisesPerEvent <= 1, `${promisesPerEvent.toFixed(2)} promises per event (${few.promises} for 10 events, ${many.promises} for 90)`);
    // Equal unless loopback splits the upstream's one write into two reads (then one more write).
    assert.ok(many.writes - few.writes <= 1, `writes to the client: ${few.writes} for 10 events, ${many.writes} for 90`);
  });
});
