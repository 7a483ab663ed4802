import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ThreadNotFoundError } from '../../src/errors/index.js';
import type { CallContext } from '../../src/gateway/index.js';
import { echoProvider, replyTo, sentMessages, startEchoChatFake } from '../support/echo-chat-fake.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

type Message = { role: string; content: unknown };
const user = (content: string): Message => ({ role: 'user', content });
const assistant = (content: string): Message => ({ role: 'assistant', content });
/** What the mock echo model answers with `max_tokens: n`: the first n word pieces of the last user message. */
const firstPieces = (text: string, n: number) => (text.match(/\s*\S+/g) ?? []).slice(0, n).join('').trim();
const summaryPrefix = 'Summary of the earlier conversation:\n';

describe('memory that fits the model: the summarize policy with the mock model writing summaries', () => {
  let fake: FakeUpstream;
  let qiao: RunningGateway;

  before(async () => {
    fake = await startEchoChatFake(0);
    qiao = await startGateway({
      providers: { fake: echoProvider(fake, 600), mock: { type: 'mock', paceMs: 0 } },
      memory: { policy: 'summarize', summaryModel: 'mock/mock-echo', summaryMaxTokens: 32 },
    });
  });
  after(async () => {
    await qiao?.close();
    await fake?.close();
  });

  const turn = async (content: string) => {
    const response = await fetch(`${qiao.url}/v1/chat/completions`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake/small', messages: [user(content)], max_tokens: 100, thread_id: 'long' }),
    });
    assert.equal(response.status, 200);
    return JSON.parse(response.headers.get('x-qiao-warnings') ?? '[]') as { code: string; message: string }[];
  };
  const summaryCalls = async () => {
    await qiao.gateway.usage.flush();
    return (await qiao.gateway.storage.requestLog.recent(100)).filter((entry) => entry.endpoint === '/v1/chat/completions (thread summary)');
  };
  const storedSummary = async () => (await (await fetch(`${qiao.url}/v1/threads/long`)).json() as { summary: string | null }).summary;

  test('turns that no longer fit are summarised; the summary is stored, reused, and refreshed when more turns fall out', async () => {
    const long = Array.from({ length: 300 }, (_, index) => `alpha${index % 10}`).join(' ');
    await turn(long);
    assert.deepEqual(sentMessages(fake.requests.at(-1)), [user(long)]);
    assert.equal(await storedSummary(), null);

    // 600-token window, 100 kept for the answer: the long turn and its answer no longer fit.
    const warnings = await turn('short two');
    const summary = firstPieces(`Conversation:\nuser: ${long}\nassistant: ${replyTo(long)}`, 32);
    assert.deepEqual(sentMessages(fake.requests.at(-1)), [{ role: 'system', content: summaryPrefix + summary }, user('short two')]);
    assert.equal(await storedSummary(), summary);
    assert.equal((await summaryCalls()).length, 1);
    assert.match(warnings[0]!.message, /2 earlier message\(s\) of thread "long" did not fit .* and were summarised/);

    await turn('short three');
    assert.deepEqual(sentMessages(fake.requests.at(-1)), [
      { role: 'system', content: summaryPrefix + summary }, user('short two'), assistant(replyTo('short two')), user('short three'),
    ]);
    assert.equal((await summaryCalls()).length, 1, 'the stored summary is reused, not written again');

    const longer = Array.from({ length: 400 }, (_, index) => `omega${index % 10}`).join(' ');
    await turn(longer);
    const refreshed = firstPieces(`Summary so far:\n${summary}\n\nConversation since:\nuser: short two`, 32);
    assert.deepEqual(sentMessages(fake.requests.at(-1)), [{ role: 'system', content: summaryPrefix + refreshed }, user(longer)]);
    assert.equal(await storedSummary(), refreshed);
    assert.equal((await summaryCalls()).length, 2);
    const messages = (await (await fetch(`${qiao.url}/v1/threads/long/messages`)).json() as { data: unknown[] }).data;
    assert.equal(messages.length, 8, 'the thread keeps every message; only the request is shortened');
  });
});

describe('threads belong to their owner: another owner gets 404, as if the thread did not exist', () => {
  let fake: FakeUpstream;
  let qiao: RunningGateway;
  const gatewayKey = 'sk-qiao-gateway-key';
  const contextOf = (ownerId: string): CallContext => ({ requestId: `r-${ownerId}`, endpoint: 'test', abortSignal: new AbortController().signal, caller: { ownerId, isAdmin: false } });

  before(async () => {
    fake = await startEchoChatFake(0);
    qiao = await startGateway({ api: { auth_enabled: true, api_key: gatewayKey }, providers: { fake: echoProvider(fake) } });
  });
  after(async () => {
    await qiao?.close();
    await fake?.close();
  });

  const call = (method: string, path: string, body?: unknown) => fetch(`${qiao.url}${path}`, {
    method, headers: { authorization: `Bearer ${gatewayKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body),
  });

  test('alice\'s threads are invisible to bob (ThreadService) and to the gateway key (HTTP); the same client-chosen id names separate threads', async () => {
    const threads = qiao.gateway.threads;
    await threads.generate('fake/small', { messages: [{ role: 'user', content: 'alice secret' }] }, contextOf('alice'), '7');
    const made = await threads.create('alice', { messages: [{ role: 'user', content: 'alice made this' }] });
    assert.equal((await threads.get('alice', '7')).lastSeq, 2);
    for (const threadId of ['7', made.threadId]) {
      await assert.rejects(threads.get('bob', threadId), ThreadNotFoundError);
      await assert.rejects(threads.messages('bob', threadId, {}), ThreadNotFoundError);
      await assert.rejects(threads.delete('bob', threadId), ThreadNotFoundError);
      for (const [method, path] of [['GET', `/v1/threads/${threadId}`], ['GET', `/v1/threads/${threadId}/messages`], ['DELETE', `/v1/threads/${threadId}`]] as const) {
        const response = await call(method, path);
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.equal((await response.json() as { error: { code: string } }).error.code, 'thread_not_found');
      }
    }
    assert.deepEqual((await (await call('GET', '/v1/threads')).json() as { data: unknown[] }).data, []);

    // The gateway key's own thread 7 starts empty: alice's history never reaches its model.
    const own = await call('POST', '/v1/chat/completions', { model: 'fake/small', messages: [user('who am I?')], thread_id: 7 });
    assert.equal(own.status, 200);
    assert.deepEqual(sentMessages(fake.requests.at(-1)), [user('who am I?')]);
    // A Qiao-made id of another owner is not created by a turn either.
    const foreign = await call('POST', '/v1/chat/completions', { model: 'fake/small', messages: [user('x')], thread_id: made.threadId });
    assert.equal(foreign.status, 404);
    assert.equal((await threads.get('alice', '7')).lastSeq, 2, 'alice\'s thread is untouched');
  });
});
