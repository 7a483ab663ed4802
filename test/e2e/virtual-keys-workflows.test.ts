import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { callJson, createKey } from '../support/admin-client.js';
import { cozeWorkflows, fakeCozeToken, startFakeCoze } from '../support/fake-coze.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const adminKey = 'admin-secret-key-0123456789';

describe('virtual keys on workflow runs', () => {
  let coze: FakeUpstream;
  let qiao: RunningGateway;
  before(async () => {
    coze = await startFakeCoze();
    qiao = await startGateway({ api: { admin_key: adminKey }, providers: { mock: { paceMs: 0 } } }, { COZE_API_TOKEN: fakeCozeToken, COZE_API_BASE: coze.baseUrl });
  });
  after(async () => {
    await qiao?.close();
    await coze?.close();
  });

  test('a workflow is allowed by the key\'s model list (coze/<id>) and counts against its RPM', async () => {
    const path = `/v1/workflows/coze%2F${cozeWorkflows.joke}/runs`;
    const body = { parameters: { topic: 'x' } };
    const mockOnly = await createKey(qiao.url, adminKey, { name: 'mock-only', models: ['mock/*'] });
    const denied = await callJson(qiao.url, 'POST', path, mockOnly.key, body);
    assert.equal(denied.status, 403, denied.text);
    assert.match(denied.text, new RegExp(`coze/${cozeWorkflows.joke}`));
    const runsBefore = coze.requestsFor('POST /v1/workflow/run').length;

    const cozeKey = await createKey(qiao.url, adminKey, { name: 'coze', models: ['coze/*'], rpm: 1 });
    assert.equal((await callJson(qiao.url, 'POST', path, cozeKey.key, body)).status, 200);
    const limited = await callJson(qiao.url, 'POST', path, cozeKey.key, body);
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('x-qiao-limit'), 'rpm');
    assert.equal(coze.requestsFor('POST /v1/workflow/run').length, runsBefore + 1, 'refused runs never reach Coze');
  });
});
