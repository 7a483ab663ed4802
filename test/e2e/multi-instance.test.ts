import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { askEveryInstance, callsSpreadAcrossInstances, chatThrough, requestThrough, usageRows } from '../support/cluster-calls.js';
import { testDatabaseUrl } from '../support/postgres-schema.js';
import { outputMatching, startCluster, type Cluster } from '../support/start-cluster.js';
import { startQiaoProcess } from '../support/start-qiao-process.js';

// Two real Qiao processes on one PostgreSQL schema and one Redis prefix (test/support/start-cluster.ts).
// Scenarios for keys, limits, budgets and threads are added here with the helpers of cluster-calls.ts:
// callsSpreadAcrossInstances (RPM / budget across both), askEveryInstance (revocation on both, a thread
// read through the other), requestThrough (admin API), usageRows (what the database holds).
describe('two instances sharing PostgreSQL and Redis', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ config: { aliases: { counted: 'upstream/gpt-4o-mini' } } });
  });
  after(async () => {
    await cluster?.close();
  });

  test('every instance reports PostgreSQL and a connected Redis on /health, and says so at start', async () => {
    const answers = await askEveryInstance(cluster, (instance) => requestThrough(cluster, instance, 'GET', '/health'));
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      const health = answer.body as Record<string, unknown>;
      assert.deepEqual([health.database, health.redis], [{ engine: 'postgresql' }, { configured: true, status: 'ready', connected: true }]);
    }
    for (const instance of cluster.instances) {
      assert.match(instance.output(), new RegExp(`Storage: PostgreSQL at 127\\.0\\.0\\.1:5432/test, schema ${cluster.schema.name}`));
      assert.match(instance.output(), new RegExp(`Redis: 127\\.0\\.0\\.1:6379, keys prefixed "${cluster.redis.prefix}"`));
    }
  });

  test('POST /config on one instance is stored once, sealed; the other serves it from its next start', async () => {
    const apiKey = 'sk-runtime-config-shared-5e1b';
    const configured = await requestThrough(cluster, 0, 'POST', '/config', {
      body: { provider_type: 'openai', api_key: apiKey, model: 'gpt-4o-mini', base_url: `${cluster.upstream.baseUrl}/v1` },
    });
    assert.equal(configured.status, 200, JSON.stringify(configured.body));
    const rows = await cluster.schema.query<{ name: string; api_key_sealed: string }>(`select name, api_key_sealed from "${cluster.schema.name}".runtime_provider`);
    assert.deepEqual(rows.map((row) => row.name), ['openai']);
    assert.ok(!rows[0]!.api_key_sealed.includes(apiKey), 'sealed, not in clear');

    // The other instance loads runtime configuration at start only (docs/scaling.md).
    const before = await requestThrough(cluster, 1, 'POST', '/chat', { body: { messages: [{ role: 'user', content: 'before restart' }] } });
    assert.equal(before.status, 400);
    await cluster.restart(1);
    await outputMatching(cluster.instances[1]!, /ai_core model: openai\/gpt-4o-mini \(from POST \/config/);
    const chat = await requestThrough(cluster, 1, 'POST', '/chat', { body: { messages: [{ role: 'user', content: 'after restart' }] } });
    assert.equal(chat.status, 200, JSON.stringify(chat.body));
    const sent = cluster.upstream.requestsFor('POST /v1/chat/completions').at(-1)!;
    assert.equal(sent.headers.authorization, `Bearer ${apiKey}`, 'instance 1 opened the key instance 0 sealed');
    assert.equal((sent.body as { messages: { content: string }[] }).messages.at(-1)!.content, 'after restart');
  });

  test('usage is recorded exactly once per call, whichever instance served it (checked after both flushed and stopped)', async () => {
    const upstreamCallsBefore = cluster.upstream.requestsFor('POST /v1/chat/completions').length;
    const answers = await callsSpreadAcrossInstances(cluster, 10, (instance, index) => chatThrough(cluster, instance, `count me ${index}`, { model: 'counted', stream: index % 3 === 0 }));
    assert.deepEqual(answers.map((answer) => answer.status), Array(10).fill(200));
    assert.deepEqual(answers.map((answer) => answer.instance), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    assert.equal(cluster.upstream.requestsFor('POST /v1/chat/completions').length - upstreamCallsBefore, 10);

    await cluster.stopAll();
    const counted = (await usageRows(cluster)).filter((row) => row.requested_model === 'counted');
    assert.equal(counted.length, 10);
    assert.equal(new Set(counted.map((row) => row.request_id)).size, 10, 'no call recorded twice');
    assert.deepEqual(counted.map((row) => row.stream).sort(), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    for (const row of counted) {
      assert.deepEqual([row.status, row.http_status, row.deployment, row.input_tokens], ['ok', 200, 'upstream/gpt-4o-mini', 11]);
      assert.equal(typeof row.latency_ms, 'number');
    }
  });

  test('an instance given DATABASE_URL without the shared QIAO_SECRET_KEY refuses to start, saying what to set', async () => {
    await assert.rejects(startQiaoProcess(['serve', '--port', '0'], {}, { DATABASE_URL: testDatabaseUrl }),
      /exited with 1 before listening:[\s\S]*Configuration error: DATABASE_URL \(storage\.databaseUrl\) is set but QIAO_SECRET_KEY is not/);
  });
});
