import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { estimateInputTokens, estimateTextTokens } from '../../src/gateway/usage/token-count.js';
import { callJson, createKey } from '../support/admin-client.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { uniqueRedisPrefix, testRedisUrl } from '../support/redis-prefix.js';
import { openAIChunks, openAICompletion } from '../support/sse-events.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const adminKey = 'admin-secret-key-0123456789';
const messages = [{ role: 'user' as const, content: 'count my tokens please' }];
const maxTokens = 40;

/**
 * A fake upstream that reports exactly the usage Qiao reserves for the fixed request (prompt as
 * Qiao counts it + max_tokens), so a budget of K calls fits exactly K. Answers wait at a gate
 * until `hold` calls are in flight, so admitted calls overlap with the ones still being decided.
 */
async function startMeteredUpstream(promptTokens: number) {
  let hold = 0;
  let waiting: (() => void)[] = [];
  const upstream = await startFakeUpstream({
    'POST /v1/chat/completions': async (request) => {
      const body = request.body as { stream?: boolean; messages: { content: string }[] };
      if (hold > 0) {
        await new Promise<void>((release) => {
          waiting.push(release);
          // Once open, the gate stays open: a call admitted beyond the budget answers at once (and fails the test).
          if (waiting.length >= hold) { hold = 0; waiting.forEach((each) => each()); waiting = []; }
        });
      }
      const usage = { prompt_tokens: promptTokens, completion_tokens: maxTokens };
      if (body.messages.at(-1)?.content === 'no usage') {
        return { sse: openAIChunks(['an answer', ' without usage']).filter((payload) => !payload.includes('"usage":{')) };
      }
      return body.stream ? { sse: openAIChunks(['metered'], { usage }) } : { json: openAICompletion('metered', usage) };
    },
  });
  return { upstream, holdUntil: (count: number) => { hold = count; } };
}

const call = (url: string, key: string, extra: Record<string, unknown> = {}) =>
  callJson(url, 'POST', '/v1/chat/completions', key, { model: 'fake/fake-model', messages, max_tokens: maxTokens, ...extra });

for (const backend of ['memory', 'redis'] as const) {
  describe(`key limits (${backend} backend)`, () => {
    let qiao: RunningGateway;
    let upstream: FakeUpstream;
    let holdUntil: (count: number) => void;
    let estimate: number;
    const redis = uniqueRedisPrefix();

    before(async () => {
      estimate = await estimateInputTokens({ messages }) + maxTokens;
      ({ upstream, holdUntil } = await startMeteredUpstream(estimate - maxTokens));
      qiao = await startGateway({
        api: { admin_key: adminKey },
        providers: { fake: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-fake', models: ['fake-model'] } },
        prices: { 'fake/fake-model': { input: 1, output: 1 } },
      }, backend === 'redis' ? { REDIS_URL: testRedisUrl, QIAO_REDIS_PREFIX: redis.prefix } : {});
    });
    after(async () => {
      await qiao?.close();
      await upstream?.close();
      await redis.cleanup();
    });

    test('RPM: the call over the limit is a 429 with retry-after and x-qiao-limit: rpm', async () => {
      const { key } = await createKey(qiao.url, adminKey, { name: 'rpm', rpm: 3 });
      for (let i = 0; i < 3; i++) assert.equal((await call(qiao.url, key)).status, 200);
      const refused = await call(qiao.url, key);
      assert.equal(refused.status, 429, refused.text);
      assert.equal(refused.headers.get('x-qiao-limit'), 'rpm');
      const retryAfter = Number(refused.headers.get('retry-after'));
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`);
      assert.equal(refused.body.error?.code, 'rate_limit_exceeded');
      assert.equal(refused.body.error?.type, 'rate_limit_error');
      assert.match(refused.body.error!.message, /3 requests per minute/);
    });

    test('TPM: estimated before the call, so the call that would pass the limit is refused', async () => {
      const { key } = await createKey(qiao.url, adminKey, { name: 'tpm', tpm: Math.floor(estimate * 2.5) });
      assert.equal((await call(qiao.url, key)).status, 200);
      assert.equal((await call(qiao.url, key, { stream: true })).status, 200);
      const refused = await call(qiao.url, key);
      assert.equal(refused.status, 429, refused.text);
      assert.equal(refused.headers.get('x-qiao-limit'), 'tpm');
      assert.equal(refused.body.error?.code, 'token_rate_limit_exceeded');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    });

    test('a token budget that fits K calls admits exactly K of N parallel calls, and spend never passes it', async () => {
      const parallel = 12;
      const fits = 4;
      const budget = fits * estimate + Math.floor(estimate / 2);
      const { id, key } = await createKey(qiao.url, adminKey, { name: 'budget', budget: { tokens: budget, period: 'day' } });
      holdUntil(fits);
      const answers = await Promise.all(Array.from({ length: parallel }, (_, index) => call(qiao.url, key, { stream: index % 2 === 0 })));
      holdUntil(0);
      const succeeded = answers.filter((answer) => answer.status === 200);
      const refused = answers.filter((answer) => answer.status === 429);
      assert.equal(succeeded.length, fits, answers.map((answer) => answer.status).join(','));
      assert.equal(refused.length, parallel - fits);
      for (const answer of refused) {
        assert.equal(answer.body.error?.code, 'budget_exceeded');
        assert.equal(answer.headers.get('x-qiao-limit'), 'budget');
        assert.ok(Number(answer.headers.get('retry-after')) >= 1);
      }
      await qiao.gateway.usage.flush();
      const logs = await callJson(qiao.url, 'GET', `/admin/logs?key_id=${id}&status=ok`, adminKey);
      const spent = (logs.body.data as { input_tokens: number; output_tokens: number }[]).reduce((sum, entry) => sum + entry.input_tokens + entry.output_tokens, 0);
      assert.equal(spent, fits * estimate);
      assert.ok(spent <= budget);
      const info = await callJson(qiao.url, 'GET', `/admin/keys/${id}`, adminKey);
      assert.equal((info.body.spend as { tokens: number }).tokens, fits * estimate);
      assert.equal((await call(qiao.url, key)).status, 429, 'still refused after the burst settled');
      if (backend === 'redis') {
        const stored = await qiao.gateway.redis!.hget(`budget:${id}:${new Date(new Date().toISOString().slice(0, 10)).toISOString()}`, 'st');
        assert.equal(Number(stored), fits * estimate, 'the ledger lives in Redis');
      }
    });

    test('a USD budget is reserved from the price table and settled from the real cost', async () => {
      const costPerCall = estimate / 1_000_000;
      const { id, key } = await createKey(qiao.url, adminKey, { name: 'usd', budget: { usd: costPerCall * 2.5, period: 'month' } });
      const answers = await Promise.all(Array.from({ length: 5 }, () => call(qiao.url, key)));
      assert.deepEqual(answers.map((answer) => answer.status).sort(), [200, 200, 429, 429, 429]);
      const info = await callJson(qiao.url, 'GET', `/admin/keys/${id}`, adminKey);
      assert.ok(Math.abs((info.body.spend as { usd: number }).usd - 2 * costPerCall) < 1e-12, info.text);
    });
  });
}

describe('usage and cost', () => {
  let qiao: RunningGateway;
  let upstream: FakeUpstream;
  before(async () => {
    ({ upstream } = await startMeteredUpstream(5));
    qiao = await startGateway({
      api: { admin_key: adminKey },
      providers: { fake: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-fake', models: ['fake-model', 'gpt-4o-mini'] } },
      prices: { 'fake-*': { input: 2, output: 10 } },
      usage: { logBodies: true },
    });
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  test('a stream without usage from the upstream is counted with the tokenizer and marked estimated', async () => {
    const { id, key } = await createKey(qiao.url, adminKey, { name: 'estimated' });
    const answer = await callJson(qiao.url, 'POST', '/v1/chat/completions', key, { model: 'fake/fake-model', messages: [{ role: 'user', content: 'no usage' }], stream: true });
    assert.equal(answer.status, 200);
    await qiao.gateway.usage.flush();
    const [entry] = (await callJson(qiao.url, 'GET', `/admin/logs?key_id=${id}`, adminKey)).body.data as Record<string, unknown>[];
    assert.equal(entry!.usage_estimated, true);
    assert.equal(entry!.output_tokens, await estimateTextTokens(['an answer without usage']));
    assert.equal(entry!.input_tokens, await estimateInputTokens({ messages: [{ role: 'user', content: 'no usage' }] }));
    const cost = ((entry!.input_tokens as number) * 2 + (entry!.output_tokens as number) * 10) / 1e6;
    assert.ok(Math.abs((entry!.cost_usd as number) - cost) < 1e-15, `cost ${String(entry!.cost_usd)} = ${cost}`);
  });

  test('built-in prices cover common models; bodies are stored redacted when enabled', async () => {
    const { id, key } = await createKey(qiao.url, adminKey, { name: 'priced' });
    const answer = await callJson(qiao.url, 'POST', '/v1/chat/completions', key, {
      model: 'fake/gpt-4o-mini', messages: [{ role: 'user', content: 'my key is sk-live-ABCDEFGHIJKLMNOP' }], max_tokens: 40, api_key: 'sk-should-not-be-logged',
    });
    assert.equal(answer.status, 200, answer.text);
    await qiao.gateway.usage.flush();
    const [entry] = (await callJson(qiao.url, 'GET', `/admin/logs?key_id=${id}`, adminKey)).body.data as Record<string, unknown>[];
    assert.equal(entry!.cost_usd, (5 * 0.15 + 40 * 0.6) / 1e6);
    const stored = JSON.stringify(entry!.request_body);
    assert.match(stored, /my key is \[redacted\]/);
    assert.ok(!stored.includes('sk-live-ABCDEFGHIJKLMNOP') && !stored.includes('sk-should-not-be-logged'), stored);
    assert.deepEqual(entry!.response_body, [{ index: 0, content: 'metered', finishReason: 'stop' }]);
  });
});

describe('budget spend survives a restart', () => {
  test('a new process seeds the period\'s spend from the usage log', async () => {
    const estimate = await estimateInputTokens({ messages }) + maxTokens;
    const { upstream } = await startMeteredUpstream(estimate - maxTokens);
    const directory = mkdtempSync(join(tmpdir(), 'qiao-restart-'));
    const file = {
      api: { admin_key: adminKey },
      providers: { fake: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-fake', models: ['fake-model'] } },
    };
    try {
      const first = await startGateway(file, {}, { directory });
      const { id, key } = await createKey(first.url, adminKey, { name: 'restart', budget: { tokens: estimate * 3, period: 'week' } });
      assert.equal((await call(first.url, key)).status, 200);
      assert.equal((await call(first.url, key)).status, 200);
      await first.close();

      const second = await startGateway(file, {}, { directory });
      try {
        const info = await callJson(second.url, 'GET', `/admin/keys/${id}`, adminKey);
        assert.equal((info.body.spend as { tokens: number }).tokens, 2 * estimate);
        assert.equal((await call(second.url, key)).status, 200);
        const refused = await call(second.url, key);
        assert.equal(refused.status, 429);
        assert.equal(refused.body.error?.code, 'budget_exceeded');
      } finally {
        await second.close();
      }
    } finally {
      await upstream.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
