import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startFakeAnthropic } from '../support/anthropic-fake-upstream.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { answerChat } from '../support/openai-chat-fake.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const key = 'gateway-admin-key';
const unavailable = { status: 503, json: { error: { message: 'overloaded', type: 'server_error', param: null, code: null } } };
const attemptsOf = (response: Response) => response.headers.get('x-qiao-attempts') ?? '';
/** openai-a failing twice (two tries), then openai-b answering. */
const fellBack = /^openai-a\/gpt-4o;503;\d+ms, openai-a\/gpt-4o;503;\d+ms, openai-b\/gpt-4o;200;\d+ms$/;

// Routing through the public API: fallback across providers and protocols, x-qiao-attempts on
// every dialect, the admin override, and the deployment state in /health and /admin/deployments.
describe('routing and resilience through every API shape', () => {
  let failing: FakeUpstream;
  let healthy: FakeUpstream;
  let anthropic: FakeUpstream;
  let rejecting: FakeUpstream;
  let qiao: RunningGateway;

  before(async () => {
    failing = await startFakeUpstream({ 'POST /v1/chat/completions': () => unavailable, 'POST /v1/embeddings': () => unavailable });
    healthy = await startFakeUpstream({
      'POST /v1/chat/completions': (request) => answerChat(request.body as Parameters<typeof answerChat>[0]),
      'POST /v1/embeddings': () => ({ json: { object: 'list', model: 'e', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], usage: { prompt_tokens: 1, total_tokens: 1 } } }),
    });
    anthropic = await startFakeAnthropic();
    rejecting = await startFakeUpstream({ 'POST /v1/chat/completions': () => ({ status: 401, json: { error: { message: 'bad key', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } } }) });
    qiao = await startGateway({
      api: { auth_enabled: true, api_key: key },
      providers: {
        'openai-a': { type: 'openai-compatible', baseUrl: `${failing.baseUrl}/v1`, apiKey: 'sk-a', models: ['gpt-4o'] },
        'openai-b': { type: 'openai-compatible', baseUrl: `${healthy.baseUrl}/v1`, apiKey: 'sk-b', models: ['gpt-4o'] },
        claude: { type: 'anthropic', baseUrl: anthropic.baseUrl, apiKey: 'sk-ant', models: ['claude-x'] },
        'openai-r': { type: 'openai-compatible', baseUrl: `${rejecting.baseUrl}/v1`, apiKey: 'sk-r', models: ['gpt-4o'] },
      },
      aliases: {
        smart: { strategy: 'weighted', deployments: [{ target: 'openai-a/gpt-4o', weight: 3, priority: 0 }, { target: 'openai-b/gpt-4o', priority: 1 }] },
        'cross-protocol': ['openai-a/gpt-4o', 'claude/claude-x'],
        rejected: ['openai-r/gpt-4o', 'openai-b/gpt-4o'],
      },
      core: { model: 'smart' },
      routing: { maxAttemptsPerDeployment: 2, baseDelayMs: 1, maxDelayMs: 2, breaker: { consecutiveFailures: 1000, minimumRequests: 100_000 } },
    });
  });
  after(async () => {
    await qiao?.close();
    await Promise.all([failing?.close(), healthy?.close(), anthropic?.close(), rejecting?.close()]);
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${qiao.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
  const messages = [{ role: 'user', content: 'hello' }];

  test('every dialect answers after the fallback, with every try in x-qiao-attempts (JSON and stream)', async () => {
    const calls: [string, unknown][] = [
      ['/v1/chat/completions', { model: 'smart', messages }],
      ['/v1/chat/completions', { model: 'smart', messages, stream: true }],
      ['/v1/completions', { model: 'smart', prompt: 'hello' }],
      ['/v1/completions', { model: 'smart', prompt: 'hello', stream: true }],
      ['/v1/embeddings', { model: 'smart', input: 'hello' }],
      ['/v1/messages', { model: 'smart', max_tokens: 20, messages }],
      ['/v1/messages', { model: 'smart', max_tokens: 20, messages, stream: true }],
      ['/chat', { messages }],
      ['/chat/stream', { messages }],
      ['/api/chat', { model: 'smart', messages }],
      ['/api/v1/chat', { model: 'smart', messages }],
      ['/api/v1/chat/stream', { model: 'smart', messages }],
      ['/api/v1/generate', { model: 'smart', prompt: 'hello' }],
      ['/api/v1/generate', { model: 'smart', prompt: 'hello', stream: true }],
      ['/api/v1/embed', { model: 'smart', input: 'hello' }],
      ['/ai/chat', { service_name: 'smart', messages }],
      ['/ai/chat/stream', { service_name: 'smart', messages }],
    ];
    for (const [path, body] of calls) {
      const response = await post(path, body);
      const text = await response.text();
      assert.equal(response.status, 200, `${path} ${JSON.stringify(body)}: ${text}`);
      assert.match(attemptsOf(response), fellBack, `${path} ${JSON.stringify(body)}`);
      assert.ok(!/"error"/.test(text), `${path}: ${text.slice(0, 300)}`);
    }
  });

  test('the usage log holds every try of a call and the deployment that answered', async () => {
    const response = await post('/v1/chat/completions', { model: 'smart', messages }, { 'x-request-id': 'routing-usage-1' });
    assert.equal(response.status, 200);
    await qiao.gateway.usage.flush();
    const entry = (await qiao.gateway.storage.requestLog.recent(50)).find((candidate) => candidate.requestId === 'routing-usage-1');
    assert.ok(entry, 'the call is in the usage log');
    assert.equal(entry.deployment, 'openai-b/gpt-4o');
    assert.equal(entry.attempts, 3);
    const log = JSON.parse(entry.attemptLog!) as { deployment: string; status: number; code?: string; ms: number }[];
    assert.deepEqual(log.map((attempt) => [attempt.deployment, attempt.status, attempt.code]),
      [['openai-a/gpt-4o', 503, 'upstream_error'], ['openai-a/gpt-4o', 503, 'upstream_error'], ['openai-b/gpt-4o', 200, undefined]]);
    assert.ok(log.every((attempt) => Number.isInteger(attempt.ms) && attempt.ms >= 0));
  });

  test('an OpenAI-compatible deployment failing falls back to an Anthropic one: through /v1/chat/completions (SDK)', async () => {
    const openai = new OpenAI({ baseURL: `${qiao.url}/v1`, apiKey: key, maxRetries: 0 });
    const { data, response } = await openai.chat.completions.create({ model: 'cross-protocol', messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    assert.match(data.choices[0]!.message.content ?? '', /\S/);
    assert.equal(data.model, 'cross-protocol');
    assert.match(response.headers.get('x-qiao-attempts') ?? '', /^openai-a\/gpt-4o;503;\d+ms, openai-a\/gpt-4o;503;\d+ms, claude\/claude-x;200;\d+ms$/);
    assert.ok(anthropic.requestsFor('POST /v1/messages').length > 0, 'the Anthropic upstream answered');
    const stream = await openai.chat.completions.create({ model: 'cross-protocol', messages: [{ role: 'user', content: 'hello' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.match(text, /\S/);
  });

  test('… and through /v1/messages (SDK), JSON and stream', async () => {
    const claude = new Anthropic({ baseURL: qiao.url, apiKey: key, maxRetries: 0 });
    const { data, response } = await claude.messages.create({ model: 'cross-protocol', max_tokens: 20, messages: [{ role: 'user', content: 'hello' }] }).withResponse();
    assert.equal(data.content[0]?.type, 'text');
    assert.match(response.headers.get('x-qiao-attempts') ?? '', /claude\/claude-x;200;\d+ms$/);
    const stream = claude.messages.stream({ model: 'cross-protocol', max_tokens: 20, messages: [{ role: 'user', content: 'hello' }] });
    const final = await stream.finalMessage();
    assert.equal(final.content[0]?.type, 'text');
  });

  test('a non-retryable failure returns at once: no retry, no fallback', async () => {
    const before = failing.requests.length + healthy.requests.length;
    const response = await post('/v1/chat/completions', { model: 'smart', messages, temperature: 9 });
    assert.equal(response.status, 400);
    assert.equal(failing.requests.length + healthy.requests.length, before, 'Qiao rejected it itself; nothing was sent upstream');
    const healthyBefore = healthy.requestsFor('POST /v1/chat/completions').length;
    const denied = await post('/v1/chat/completions', { model: 'rejected', messages });
    assert.equal(denied.status, 401);
    assert.match(attemptsOf(denied), /^openai-r\/gpt-4o;401;\d+ms$/);
    assert.equal(rejecting.requestsFor('POST /v1/chat/completions').length, 1, 'not retried');
    assert.equal(healthy.requestsFor('POST /v1/chat/completions').length, healthyBefore, 'no fallback');
  });

  test('x-qiao-route: an admin names the deployments per request; anyone else gets a 403 in the dialect\'s shape', async () => {
    const routed = await post('/v1/chat/completions', { model: 'smart', messages }, { 'x-qiao-route': 'openai-b/gpt-4o' });
    assert.equal(routed.status, 200);
    assert.match(attemptsOf(routed), /^openai-b\/gpt-4o;200;\d+ms$/);
    const chain = await post('/v1/messages', { model: 'anything', max_tokens: 20, messages }, { 'x-qiao-route': 'claude/claude-x , openai-b/gpt-4o' });
    assert.match(attemptsOf(chain), /^claude\/claude-x;200;\d+ms$/);
    const empty = await post('/v1/chat/completions', { model: 'smart', messages }, { 'x-qiao-route': ' , ' });
    assert.equal(empty.status, 400);
    assert.equal(((await empty.json()) as { error: { param: string } }).error.param, 'x-qiao-route');

    const open = await startGateway({ providers: { mock: { paceMs: 0 } } });
    try {
      const denied = await fetch(`${open.url}/v1/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-qiao-route': 'mock/mock-echo' }, body: JSON.stringify({ model: 'mock-echo', messages }),
      });
      assert.equal(denied.status, 403);
      const body = await denied.json() as { error: { type: string; code: string; message: string; param: string } };
      assert.deepEqual([body.error.type, body.error.code, body.error.param], ['permission_error', 'permission_denied', 'x-qiao-route']);
      assert.match(body.error.message, /x-qiao-route/);
      const anthropicShape = await fetch(`${open.url}/v1/messages`, {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-qiao-route': 'mock/mock-echo' }, body: JSON.stringify({ model: 'mock-echo', max_tokens: 5, messages }),
      });
      assert.equal(anthropicShape.status, 403);
      assert.equal(((await anthropicShape.json()) as { type: string; error: { type: string } }).error.type, 'permission_error');
    } finally {
      await open.close();
    }
  });

  test('deployment state in /health and GET /admin/deployments (admin only)', async () => {
    const health = await (await fetch(`${qiao.url}/health`, { headers: { authorization: `Bearer ${key}` } })).json() as { deployments: Record<string, unknown>[] };
    const smartA = health.deployments.find((entry) => entry.alias === 'smart' && entry.deployment === 'openai-a/gpt-4o');
    assert.ok(smartA, JSON.stringify(health.deployments));
    assert.deepEqual([smartA.provider, smartA.model, smartA.weight, smartA.priority, smartA.circuit, smartA.in_flight], ['openai-a', 'gpt-4o', 3, 0, 'closed', 0]);
    assert.ok((smartA.error_rate as number) > 0.5, 'openai-a has only failed');
    assert.match(String(smartA.last_error), /overloaded/);
    assert.ok(!JSON.stringify(health).includes('sk-a'), 'no credential in /health');

    const admin = await fetch(`${qiao.url}/admin/deployments`, { headers: { authorization: `Bearer ${key}` } });
    assert.equal(admin.status, 200);
    const { data } = await admin.json() as { data: Record<string, unknown>[] };
    const smartB = data.find((entry) => entry.alias === 'smart' && entry.deployment === 'openai-b/gpt-4o');
    assert.ok(smartB);
    assert.equal(typeof smartB.latency_ms_ewma, 'number');
    assert.deepEqual(Object.keys(smartB).sort(), ['alias', 'circuit', 'deployment', 'error_rate', 'in_flight', 'latency_ms_ewma', 'model', 'priority', 'provider', 'weight']);
    assert.equal((await fetch(`${qiao.url}/admin/deployments`)).status, 401);
  });
});
