import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { callJson, chat, createKey } from '../support/admin-client.js';
import { testRedisUrl, uniqueRedisPrefix } from '../support/redis-prefix.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const adminKey = 'admin-secret-key-0123456789';

describe('two gateways on one database and one Redis', () => {
  const redis = uniqueRedisPrefix();
  const directory = mkdtempSync(join(tmpdir(), 'qiao-two-'));
  let first: RunningGateway;
  let second: RunningGateway;

  before(async () => {
    const file = { api: { admin_key: adminKey }, providers: { mock: { paceMs: 0 } } };
    const env = { REDIS_URL: testRedisUrl, QIAO_REDIS_PREFIX: redis.prefix };
    first = await startGateway(file, env, { directory });
    second = await startGateway(file, env, { directory });
  });
  after(async () => {
    await first?.close();
    await second?.close();
    await redis.cleanup();
    rmSync(directory, { recursive: true, force: true });
  });

  test('a key revoked through one fails on the other at the very next request, though it was cached there', async () => {
    const { id, key } = await createKey(first.url, adminKey, { name: 'shared' });
    assert.equal((await chat(second.url, key)).status, 200, 'the second instance now caches the key');
    assert.equal((await chat(second.url, key)).status, 200);
    assert.equal((await callJson(first.url, 'DELETE', `/admin/keys/${id}`, adminKey)).status, 200);
    const after = await chat(second.url, key);
    assert.equal(after.status, 401, after.text);
    assert.equal((await chat(first.url, key)).status, 401);
  });

  test('a change of limits through one holds on the other at once', async () => {
    const { id, key } = await createKey(first.url, adminKey, { name: 'narrowed' });
    assert.equal((await chat(second.url, key)).status, 200);
    await callJson(first.url, 'PATCH', `/admin/keys/${id}`, adminKey, { models: ['other/*'] });
    assert.equal((await chat(second.url, key)).status, 403);
  });

  test('RPM counts calls on both instances together', async () => {
    const { key } = await createKey(first.url, adminKey, { name: 'rpm-shared', rpm: 4 });
    const statuses = [];
    for (const gateway of [first, second, first, second, first, second]) statuses.push((await chat(gateway.url, key)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
  });
});
