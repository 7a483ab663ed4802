import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { echoProvider, replyTo, sentMessages, startEchoChatFake } from '../support/echo-chat-fake.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const redisUrl = process.env.QIAO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('two instances sharing the database and Redis serialise turns on one thread (Redis lock)', () => {
  let fake: FakeUpstream;
  const instances: RunningGateway[] = [];
  const directory = mkdtempSync(join(tmpdir(), 'qiao-threads-redis-'));

  before(async () => {
    fake = await startEchoChatFake(10);
    for (let index = 0; index < 2; index++) {
      instances.push(await startGateway({ providers: { fake: echoProvider(fake) } }, { REDIS_URL: redisUrl }, { directory }));
    }
  });
  after(async () => {
    for (const instance of instances) await instance.close();
    await fake?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  test('turns sent at once to different instances run one after the other; the second sees the first answer', async () => {
    assert.ok(instances.every((instance) => instance.gateway.redis), 'both instances have Redis');
    const texts = ['to instance A', 'to instance B'];
    const bodies = await Promise.all(instances.map(async (instance, index) => {
      const response = await fetch(`${instance.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fake/small', messages: [{ role: 'user', content: texts[index] }], thread_id: 'across-instances', stream: true }),
      });
      return response.text();
    }));
    for (const body of bodies) assert.match(body, /\[DONE\]/);
    const [earlier, later] = fake.requestsFor('POST /v1/chat/completions').map(sentMessages);
    const first = earlier!.at(-1)!.content as string;
    const second = texts.find((text) => text !== first)!;
    assert.deepEqual(later, [{ role: 'user', content: first }, { role: 'assistant', content: replyTo(first) }, { role: 'user', content: second }]);
  });
});
