import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { askEveryInstance, callsSpreadAcrossInstances, chatThrough, requestThrough, usageRows } from '../support/cluster-calls.js';
import { clusterModel, startCluster, type Cluster } from '../support/start-cluster.js';

const adminKey = 'cluster-admin-key-0123456789';

interface ErrorBody { error?: { code?: string } }

/** A virtual key created through the admin API of one instance. */
async function createKey(cluster: Cluster, instance: number, settings: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const created = await requestThrough(cluster, instance, 'POST', '/admin/keys', { apiKey: adminKey, body: settings });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as { id: string; key: string };
}

// Keys, limits, budgets and threads across two real Qiao processes on one PostgreSQL schema and one
// Redis prefix (issue 7's multi-instance proof; test/support/start-cluster.ts).
describe('two instances share keys, limits, budgets and threads', () => {
  let cluster: Cluster;
  before(async () => {
    cluster = await startCluster({ env: { QIAO_ADMIN_KEY: adminKey } });
  });
  after(async () => {
    await cluster?.close();
  });

  test('a key\'s RPM limit holds across both instances: 8 calls split over both, exactly 4 served', async () => {
    const { key } = await createKey(cluster, 0, { name: 'rpm', rpm: 4 });
    const answers = await callsSpreadAcrossInstances(cluster, 8, (instance, index) => chatThrough(cluster, instance, `rpm ${index}`, { apiKey: key }));
    assert.equal(answers.filter((answer) => answer.status === 200).length, 4, JSON.stringify(answers.map((answer) => answer.status)));
    for (const refused of answers.filter((answer) => answer.status !== 200)) {
      assert.equal(refused.status, 429);
      assert.equal(refused.headers.get('x-qiao-limit'), 'rpm');
      assert.ok(refused.headers.get('retry-after'));
    }
  });

  test('a token budget is never overdrawn by parallel calls split across both instances', async () => {
    // Each call reserves its prompt plus max_tokens (about 20 tokens) and really uses 18 (the fake's
    // usage), so a 50-token budget admits at most two calls whatever the timing, and at least one.
    const budget = 50;
    const { id, key } = await createKey(cluster, 1, { name: 'budget', budget: { tokens: budget, period: 'day' } });
    const answers = await callsSpreadAcrossInstances(cluster, 10, (instance, index) => chatThrough(cluster, instance, `budget ${index}`, { apiKey: key, maxTokens: 10 }));
    const served = answers.filter((answer) => answer.status === 200).length;
    assert.ok(served >= 1 && served <= 2, `served ${served} of 10`);
    for (const refused of answers.filter((answer) => answer.status !== 200)) {
      assert.equal(refused.status, 429);
      assert.equal((refused.body as ErrorBody).error?.code, 'budget_exceeded');
    }
    const spend = await requestThrough(cluster, 0, 'GET', `/admin/keys/${id}`, { apiKey: adminKey });
    assert.equal(spend.status, 200);
    const tokens = (spend.body as { spend: { tokens: number } }).spend.tokens;
    assert.ok(tokens <= budget, `spent ${tokens} of ${budget}`);
    assert.equal(tokens, served * 18);
  });

  test('a key revoked through one instance fails on both at the next request', async () => {
    const { id, key } = await createKey(cluster, 0, { name: 'revoked' });
    const before = await askEveryInstance(cluster, (instance) => chatThrough(cluster, instance, 'before revocation', { apiKey: key }));
    assert.deepEqual(before.map((answer) => answer.status), [200, 200]);
    const revoked = await requestThrough(cluster, 0, 'DELETE', `/admin/keys/${id}`, { apiKey: adminKey });
    assert.equal(revoked.status, 200);
    const after = await askEveryInstance(cluster, (instance) => chatThrough(cluster, instance, 'after revocation', { apiKey: key }));
    assert.deepEqual(after.map((answer) => answer.status), [401, 401]);
  });

  test('a thread written through one instance is read, and continued, through the other', async () => {
    const { key } = await createKey(cluster, 0, { name: 'threads' });
    const first = await requestThrough(cluster, 0, 'POST', '/v1/chat/completions', {
      apiKey: key, body: { model: clusterModel, thread_id: 42, messages: [{ role: 'user', content: 'remember me' }] },
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const read = await requestThrough(cluster, 1, 'GET', '/v1/threads/42/messages', { apiKey: key });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    const contents = (read.body as { data: { role: string; content: unknown }[] }).data.map((message) => [message.role, message.content]);
    assert.deepEqual(contents, [['user', 'remember me'], ['assistant', 'Hello from OpenAI']]);

    const second = await requestThrough(cluster, 1, 'POST', '/v1/chat/completions', {
      apiKey: key, body: { model: clusterModel, thread_id: 42, messages: [{ role: 'user', content: 'and now?' }] },
    });
    assert.equal(second.status, 200);
    const sent = cluster.upstream.requestsFor('POST /v1/chat/completions').at(-1)!.body as { messages: { content: unknown }[] };
    assert.deepEqual(sent.messages.map((message) => message.content), ['remember me', 'Hello from OpenAI', 'and now?']);
  });

  test('usage of these calls is recorded once each, with the key that made them', async () => {
    await cluster.stopAll();
    const rows = await usageRows(cluster);
    assert.equal(new Set(rows.map((row) => row.request_id)).size, rows.length, 'no call recorded twice');
    assert.ok(rows.filter((row) => row.key_id !== null).length >= 8);
  });
});
