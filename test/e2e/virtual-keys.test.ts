import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { callJson, chat, createKey } from '../support/admin-client.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const adminKey = 'admin-secret-key-0123456789';

describe('virtual keys through the admin API', () => {
  let qiao: RunningGateway;
  before(async () => {
    qiao = await startGateway({ api: { admin_key: adminKey }, providers: { mock: { paceMs: 0 } }, aliases: { fast: 'mock/mock-echo' } });
  });
  after(async () => qiao?.close());

  test('created once with its secret; listed and read without it; the database holds only a hash', async () => {
    const created = await callJson(qiao.url, 'POST', '/admin/keys', adminKey, {
      name: 'team-a', models: ['fast', 'mock/*'], rpm: 100, tpm: 100000, budget: { tokens: 1000000, usd: 5, period: 'month' },
      expires_at: '2999-01-01T00:00:00Z', metadata: { team: 'a' },
    });
    assert.equal(created.status, 201, created.text);
    const secret = created.body.key as string;
    assert.match(secret, /^qk-[0-9A-Za-z]{40}$/);
    assert.equal(created.body.name, 'team-a');
    assert.deepEqual(created.body.budget, { tokens: 1000000, usd: 5, period: 'month' });
    assert.equal(created.body.expires_at, '2999-01-01T00:00:00.000Z');
    assert.ok(secret.startsWith((created.body.key_prefix as string).replace('…', '')));

    const listed = await callJson(qiao.url, 'GET', '/admin/keys', adminKey);
    assert.equal(listed.status, 200);
    assert.ok(!listed.text.includes(secret), 'the list never shows the secret');
    const entry = (listed.body.data as Record<string, unknown>[]).find((key) => key.id === created.body.id)!;
    assert.deepEqual(entry.spend, { tokens: 0, usd: 0, period_start: entry.spend && (entry.spend as { period_start: string }).period_start });
    assert.equal(entry.revoked_at, null);
    assert.equal(entry.key, undefined);

    const read = await callJson(qiao.url, 'GET', `/admin/keys/${created.body.id as string}`, adminKey);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.metadata, { team: 'a' });

    await qiao.gateway.usage.flush();
    const database = readFileSync(join(qiao.gateway.config.storage.sqlitePath)).toString('latin1');
    assert.ok(!database.includes(secret), 'the secret is not stored');
  });

  test('a virtual key calls models it is allowed; others are a 403 naming the model', async () => {
    const { key } = await createKey(qiao.url, adminKey, { name: 'only-fast', models: ['fast'] });
    assert.equal((await chat(qiao.url, key, { model: 'fast' })).status, 200);
    const denied = await chat(qiao.url, key, { model: 'mock/mock-echo' });
    assert.equal(denied.status, 403, denied.text);
    assert.equal(denied.body.error?.code, 'model_not_allowed');
    assert.equal(denied.body.error?.type, 'permission_error');
    assert.match(denied.body.error!.message, /mock\/mock-echo/);

    const glob = await createKey(qiao.url, adminKey, { name: 'mock-glob', models: ['mock/*'] });
    assert.equal((await chat(qiao.url, glob.key, { model: 'fast' })).status, 200, 'an alias whose deployments all match the glob');
    assert.equal((await chat(qiao.url, glob.key, { model: 'mock/mock-echo', stream: true })).status, 200);
  });

  test('revoked, expired, unknown and missing keys are all the same 401', async () => {
    const revoked = await createKey(qiao.url, adminKey, { name: 'short-lived' });
    assert.equal((await chat(qiao.url, revoked.key)).status, 200);
    const deletion = await callJson(qiao.url, 'DELETE', `/admin/keys/${revoked.id}`, adminKey);
    assert.deepEqual(deletion.body, { id: revoked.id, revoked: true });
    const expired = await createKey(qiao.url, adminKey, { name: 'expired', expires_at: '2001-01-01T00:00:00Z' });

    const answers = await Promise.all([revoked.key, expired.key, 'qk-unknownunknownunknownunknownunknown1234', 'nonsense'].map((key) => chat(qiao.url, key)));
    for (const answer of answers) {
      assert.equal(answer.status, 401, answer.text);
      assert.deepEqual(answer.body.error, { message: 'Invalid API key.', type: 'authentication_error', param: null, code: 'invalid_api_key' });
    }
    const missing = await chat(qiao.url, undefined);
    assert.equal(missing.status, 401);
    const listed = await callJson(qiao.url, 'GET', `/admin/keys/${revoked.id}`, adminKey);
    assert.ok(typeof listed.body.revoked_at === 'string');
  });

  test('PATCH changes settings (null clears) and takes effect at once', async () => {
    const { id, key } = await createKey(qiao.url, adminKey, { name: 'patchable', models: ['fast'] });
    assert.equal((await chat(qiao.url, key)).status, 403);
    const patched = await callJson(qiao.url, 'PATCH', `/admin/keys/${id}`, adminKey, { models: null, rpm: 50, name: 'patched' });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.models, null);
    assert.equal(patched.body.rpm, 50);
    assert.equal(patched.body.name, 'patched');
    assert.equal((await chat(qiao.url, key)).status, 200);
  });

  test('bad admin input is a 400 naming the field; an unknown id a 404', async () => {
    const noName = await callJson(qiao.url, 'POST', '/admin/keys', adminKey, { rpm: 5 });
    assert.equal(noName.status, 400);
    assert.equal(noName.body.error?.param, 'name');
    const badPeriod = await callJson(qiao.url, 'POST', '/admin/keys', adminKey, { name: 'x', budget: { tokens: 5, period: 'year' } });
    assert.equal(badPeriod.status, 400);
    assert.match(badPeriod.body.error?.param ?? '', /budget/);
    const emptyBudget = await callJson(qiao.url, 'POST', '/admin/keys', adminKey, { name: 'x', budget: { period: 'day' } });
    assert.equal(emptyBudget.status, 400);
    assert.equal(emptyBudget.body.error?.param, 'budget');
    const badDate = await callJson(qiao.url, 'POST', '/admin/keys', adminKey, { name: 'x', expires_at: 'tomorrow' });
    assert.equal(badDate.status, 400);
    assert.equal(badDate.body.error?.param, 'expires_at');
    assert.equal((await callJson(qiao.url, 'GET', '/admin/keys/key_nope', adminKey)).status, 404);
    assert.equal((await callJson(qiao.url, 'DELETE', '/admin/keys/key_nope', adminKey)).status, 404);
    const badLimit = await callJson(qiao.url, 'GET', '/admin/logs?limit=9999', adminKey);
    assert.equal(badLimit.status, 400);
    assert.equal(badLimit.body.error?.param, 'limit');
  });

  test('the admin API needs the admin key: 401 without a key, 403 with a virtual key', async () => {
    const { key } = await createKey(qiao.url, adminKey, { name: 'not-admin' });
    assert.equal((await callJson(qiao.url, 'GET', '/admin/keys', undefined)).status, 401);
    const forbidden = await callJson(qiao.url, 'GET', '/admin/keys', key);
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.body.error?.code, 'permission_denied');
    const config = await callJson(qiao.url, 'POST', '/config', key, { provider_type: 'openai', model: 'x', api_key: 'sk-x', base_url: 'http://127.0.0.1:1/v1' });
    assert.equal(config.status, 403, 'a virtual key cannot aim the gateway at an upstream');
  });

  test('/v1/me describes the caller; usage and logs are scoped to its own key', async () => {
    const mine = await createKey(qiao.url, adminKey, { name: 'me', rpm: 77, budget: { tokens: 100000, period: 'day' } });
    const other = await createKey(qiao.url, adminKey, { name: 'other' });
    for (let i = 0; i < 3; i++) assert.equal((await chat(qiao.url, mine.key, { maxTokens: 20 })).status, 200);
    assert.equal((await chat(qiao.url, other.key)).status, 200);
    await qiao.gateway.usage.flush();

    const me = await callJson(qiao.url, 'GET', '/v1/me', mine.key);
    assert.equal(me.body.kind, 'virtual');
    assert.equal(me.body.id, mine.id);
    assert.equal(me.body.rpm, 77);
    const spend = me.body.spend as { tokens: number; usd: number };
    assert.ok(spend.tokens > 0, `spend counted: ${me.text}`);
    assert.deepEqual((await callJson(qiao.url, 'GET', '/v1/me', adminKey)).body, { kind: 'admin', id: 'admin' });

    const logs = await callJson(qiao.url, 'GET', '/v1/me/logs', mine.key);
    const entries = logs.body.data as Record<string, unknown>[];
    assert.equal(entries.length, 3);
    assert.ok(entries.every((entry) => entry.key_id === mine.id && entry.status === 'ok' && typeof entry.latency_ms === 'number'));
    const otherKeyFilter = await callJson(qiao.url, 'GET', `/v1/me/logs?key_id=${other.id}`, mine.key);
    assert.equal((otherKeyFilter.body.data as unknown[]).length, 3, 'key_id cannot widen the scope');

    const usage = await callJson(qiao.url, 'GET', '/v1/me/usage?group_by=model', mine.key);
    assert.deepEqual((usage.body.data as Record<string, unknown>[]).map((row) => [row.model, row.requests]), [['mock/mock-echo', 3]]);

    const byKey = await callJson(qiao.url, 'GET', '/admin/usage?group_by=key', adminKey);
    const rows = byKey.body.data as { key_id: string | null; requests: number; input_tokens: number }[];
    assert.equal(rows.find((row) => row.key_id === mine.id)?.requests, 3);
    assert.equal(rows.find((row) => row.key_id === other.id)?.requests, 1);
    const adminLogs = await callJson(qiao.url, 'GET', `/admin/logs?key_id=${other.id}&status=ok&limit=10`, adminKey);
    assert.deepEqual((adminLogs.body.data as { key_id: string }[]).map((entry) => entry.key_id), [other.id]);
    const byDay = await callJson(qiao.url, 'GET', `/admin/usage?group_by=day&key_id=${mine.id}`, adminKey);
    assert.deepEqual((byDay.body.data as { day: string; requests: number }[]).map((row) => [row.day, row.requests]), [[new Date().toISOString().slice(0, 10), 3]]);
  });
});

describe('with no admin key configured', () => {
  let qiao: RunningGateway;
  before(async () => { qiao = await startGateway({ providers: { mock: { paceMs: 0 } } }); });
  after(async () => qiao?.close());

  test('the gateway stays open but the admin API answers 401; /v1/me says anonymous', async () => {
    assert.equal((await chat(qiao.url, undefined)).status, 200);
    const admin = await callJson(qiao.url, 'GET', '/admin/keys', undefined);
    assert.equal(admin.status, 401);
    assert.match(admin.body.error!.message, /admin key/);
    assert.deepEqual((await callJson(qiao.url, 'GET', '/v1/me', undefined)).body, { kind: 'anonymous' });
  });
});
