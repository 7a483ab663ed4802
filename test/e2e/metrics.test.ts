import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startFakeOpenAIChat } from '../support/openai-chat-fake.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { sample } from '../support/prometheus-sample.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const key = 'gateway-key-for-metrics';

async function scrape(qiao: RunningGateway, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${qiao.url}/metrics`, { headers });
  assert.equal(response.status, 200);
  return response.text();
}

/** Scrapes until `check` holds, or fails after a deadline. */
async function scrapeUntil(qiao: RunningGateway, check: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const text = await scrape(qiao);
    if (check(text)) return text;
    if (Date.now() > deadline) assert.fail(`${what}; last scrape:\n${text.split('\n').filter((line) => line.startsWith('qiao_')).join('\n')}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function chat(qiao: RunningGateway, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(`${qiao.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('GET /metrics access', () => {
  test('with auth on it needs the admin key (the gateway key is one) and says so in both error shapes', async () => {
    const qiao = await startGateway({ api: { auth_enabled: true, api_key: key } });
    try {
      for (const headers of [{}, { authorization: 'Bearer wrong-key' }] as Record<string, string>[]) {
        const response = await fetch(`${qiao.url}/metrics`, { headers });
        const body = await response.json() as { success: boolean; error: { code: string } };
        assert.equal(response.status, 401);
        assert.equal(body.success, false);
        assert.equal(body.error.code, 'invalid_api_key');
      }
      const response = await fetch(`${qiao.url}/metrics`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      assert.match(await response.text(), /^# HELP qiao_requests_total /m);
    } finally {
      await qiao.close();
    }
  });

  test('telemetry.metricsPublic opens it while every other route still needs the key', async () => {
    const qiao = await startGateway({ api: { auth_enabled: true, api_key: key }, telemetry: { metricsPublic: true } });
    try {
      assert.equal((await fetch(`${qiao.url}/metrics`)).status, 200);
      const health = await fetch(`${qiao.url}/health`);
      await health.arrayBuffer();
      assert.equal(health.status, 401);
    } finally {
      await qiao.close();
    }
  });

  test('with auth off it is open; telemetry.metrics: false removes it', async () => {
    const open = await startGateway();
    try {
      assert.equal((await fetch(`${open.url}/metrics`)).status, 200);
    } finally {
      await open.close();
    }
    const off = await startGateway({ telemetry: { metrics: false } });
    try {
      const response = await fetch(`${off.url}/metrics`);
      await response.arrayBuffer();
      assert.equal(response.status, 404);
      assert.equal(off.gateway.metrics, undefined);
    } finally {
      await off.close();
    }
  });
});

describe('metrics of real calls', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;

  before(async () => {
    upstream = await startFakeOpenAIChat();
    qiao = await startGateway({
      providers: { fake: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-fake', models: ['gpt-fake'] }, mock: { paceMs: 0 } },
      aliases: { smart: 'fake/gpt-fake' },
    });
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  test('requests, latency, time to first token and tokens are counted by endpoint, alias and provider', async () => {
    const streamed = await chat(qiao, { model: 'smart', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } });
    await streamed.text();
    const plain = await chat(qiao, { model: 'smart', messages: [{ role: 'user', content: 'hi' }] });
    await plain.json();
    const labels = { endpoint: '/v1/chat/completions', model: 'smart', provider: 'fake' };
    const text = await scrapeUntil(qiao, (scraped) => sample(scraped, 'qiao_requests_total', { ...labels, status: '200' }) === 2, 'two successful calls');
    assert.equal(sample(text, 'qiao_request_duration_seconds_count', labels), 2);
    assert.equal(sample(text, 'qiao_time_to_first_token_seconds_count', labels), 1, 'only the stream has a first token');
    assert.ok((sample(text, 'qiao_tokens_total', { model: 'smart', provider: 'fake', type: 'input' }) ?? 0) > 0, 'input tokens');
    assert.ok((sample(text, 'qiao_tokens_total', { model: 'smart', provider: 'fake', type: 'output' }) ?? 0) > 0, 'output tokens');
  });

  test('errors are counted once by code: thrown ones, validation failures and in-band stream errors', async () => {
    const limited = await chat(qiao, { model: 'smart', messages: [{ role: 'user', content: 'rate limit me' }] });
    const limitedCode = (await limited.json() as { error: { code: string } }).error.code;
    assert.equal(limited.status, 429);
    const invalid = await chat(qiao, { model: 'smart', messages: [] });
    await invalid.arrayBuffer();
    assert.equal(invalid.status, 400);
    const broken = await chat(qiao, { model: 'smart', messages: [{ role: 'user', content: 'fail mid-stream' }], stream: true });
    assert.equal(broken.status, 200);
    const events = await broken.text();
    const inBand = /"code":"([a-z_]+)"/.exec(events.split('\n').filter((line) => line.includes('"error"')).join('\n'))?.[1];
    assert.ok(inBand, `the stream ends with an error event: ${events}`);

    const text = await scrapeUntil(qiao, (scraped) => sample(scraped, 'qiao_errors_total', { endpoint: '/v1/chat/completions', code: inBand }) !== undefined, 'the in-band error is counted');
    const errors = (code: string) => sample(text, 'qiao_errors_total', { endpoint: '/v1/chat/completions', code });
    assert.equal(errors(limitedCode), 1);
    assert.equal(errors('invalid_request'), 1);
    assert.equal(errors(inBand), 1);
    assert.equal(sample(text, 'qiao_requests_total', { endpoint: '/v1/chat/completions', model: 'smart', provider: 'fake', status: '429' }), 1);
  });

  test('a stream is in flight from its first event until the client goes away', async () => {
    // The mock waits one pace before each word, the first too: 8 s, longer than scrapeUntil's 5 s, so the
    // stream leaves the count only if the client's leaving aborts the wait for the second word.
    const response = await chat(qiao, { model: 'mock/mock-echo', messages: [{ role: 'user', content: 'one two three four' }], stream: true, mock_pace_ms: 8_000 });
    const reader = response.body!.getReader();
    await reader.read();
    await scrapeUntil(qiao, (text) => sample(text, 'qiao_streams_in_flight') === 1, 'one stream in flight');
    await reader.cancel();
    const text = await scrapeUntil(qiao, (scraped) => sample(scraped, 'qiao_streams_in_flight') === 0, 'no stream in flight after the client left');
    assert.equal(sample(text, 'qiao_requests_total', { endpoint: '/v1/chat/completions', model: 'mock/mock-echo', provider: 'mock', status: '499' }), 1);
  });
});
