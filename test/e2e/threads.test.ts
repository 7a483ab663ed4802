import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { countTokens } from 'gpt-tokenizer';
import { echoProvider, replyTo, sentMessages, startEchoChatFake } from '../support/echo-chat-fake.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

type Message = { role: string; content: unknown };
const user = (content: string): Message => ({ role: 'user', content });
const assistant = (content: string): Message => ({ role: 'assistant', content });

describe('threads on /v1/chat/completions and /v1/messages (issue 6)', () => {
  let fake: FakeUpstream;
  let qiao: RunningGateway;
  const contextWindow = 4000;

  before(async () => {
    fake = await startEchoChatFake();
    qiao = await startGateway({ providers: { fake: echoProvider(fake, contextWindow), mock: { type: 'mock', paceMs: 0 } } });
  });
  after(async () => {
    await qiao?.close();
    await fake?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    fetch(`${qiao.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
  const chat = (threadId: string | number, messages: Message[], extra: Record<string, unknown> = {}) =>
    post('/v1/chat/completions', { model: 'fake/small', messages, thread_id: threadId, ...extra });
  const getJson = async (path: string) => {
    const response = await fetch(`${qiao.url}${path}`);
    return { status: response.status, body: await response.json() as Record<string, unknown> & { data: Record<string, unknown>[]; error: { code: string; type: string } } };
  };
  const lastSent = () => sentMessages(fake.requests.at(-1));
  const storedMessages = async (threadId: string) => (await getJson(`/v1/threads/${threadId}/messages`)).body.data.map(({ role, content }) => ({ role, content }));

  test('the client sends only its new message; Qiao prepends the stored history (system prompt first) and stores both turns, JSON and SSE', async () => {
    const system = { role: 'system', content: 'Answer briefly.' };
    const first = await chat(3, [system, user('hello')]);
    assert.equal(first.status, 200);
    assert.equal((await first.json() as { choices: { message: { content: string } }[] }).choices[0]!.message.content, replyTo('hello'));
    assert.deepEqual(lastSent(), [system, user('hello')]);

    const second = await chat(3, [user('and again')], { stream: true });
    assert.match(await second.text(), /data: \[DONE\]/);
    assert.deepEqual(lastSent(), [system, user('hello'), assistant(replyTo('hello')), user('and again')]);
    assert.deepEqual(await storedMessages('3'), [user('hello'), assistant(replyTo('hello')), user('and again'), assistant(replyTo('and again'))]);
    const thread = (await getJson('/v1/threads/3')).body;
    assert.deepEqual([thread.id, thread.object, thread.message_count, thread.system_prompt], ['3', 'thread', 4, 'Answer briefly.']);
  });

  test('/v1/threads: create, list (paged), read, messages (paged, both orders), delete; unknown or deleted → 404 in OpenAI\'s shape', async () => {
    const created = await post('/v1/threads', { metadata: { topic: 'tests' }, messages: [{ role: 'system', content: 'Be terse.' }, user('opening')] });
    assert.equal(created.status, 200);
    const thread = await created.json() as { id: string; metadata: unknown; message_count: number; system_prompt: string };
    assert.match(thread.id, /^thread_[0-9a-f]{32}$/);
    assert.deepEqual([thread.metadata, thread.message_count, thread.system_prompt], [{ topic: 'tests' }, 1, 'Be terse.']);
    assert.equal((await fetch(`${qiao.url}/v1/threads`, { method: 'POST' })).status, 200, 'no body is an empty thread');

    await chat(thread.id, [user('next')]);
    assert.deepEqual(lastSent(), [{ role: 'system', content: 'Be terse.' }, user('opening'), user('next')]);

    const page1 = (await getJson('/v1/threads?limit=1')).body;
    assert.equal(page1.data.length, 1);
    assert.equal(page1.has_more, true);
    const page2 = (await getJson(`/v1/threads?limit=100&after=${page1.last_id as string}`)).body;
    assert.ok(!page2.data.some((each) => each.id === page1.last_id), 'the next page starts after the cursor');
    assert.ok([...page1.data, ...page2.data].some((each) => each.id === thread.id));

    const descending = (await getJson(`/v1/threads/${thread.id}/messages?order=desc&limit=2`)).body;
    assert.deepEqual(descending.data.map((message) => message.id), ['msg_3', 'msg_2']);
    assert.equal(descending.has_more, true);
    const rest = (await getJson(`/v1/threads/${thread.id}/messages?order=desc&after=msg_2`)).body;
    assert.deepEqual(rest.data.map((message) => [message.id, message.content]), [['msg_1', 'opening']]);
    assert.equal((await getJson(`/v1/threads/${thread.id}/messages?limit=0`)).status, 400);

    const deleted = await fetch(`${qiao.url}/v1/threads/${thread.id}`, { method: 'DELETE' });
    assert.deepEqual(await deleted.json(), { id: thread.id, object: 'thread.deleted', deleted: true });
    for (const path of [`/v1/threads/${thread.id}`, `/v1/threads/${thread.id}/messages`, '/v1/threads/never-made']) {
      const { status, body } = await getJson(path);
      assert.equal(status, 404, path);
      assert.deepEqual([body.error.code, body.error.type], ['thread_not_found', 'invalid_request_error']);
    }
    assert.equal((await fetch(`${qiao.url}/v1/threads/never-made`, { method: 'DELETE' })).status, 404);
    // Ids in Qiao's own format are never created by a turn: a deleted or mistyped one stays unknown.
    const turn = await chat(thread.id, [user('still there?')]);
    assert.equal(turn.status, 404);
    assert.equal((await turn.json() as { error: { code: string } }).error.code, 'thread_not_found');
  });

  test('two concurrent turns on one thread are serialised: the second upstream request carries the first turn\'s answer', async () => {
    const sentBefore = fake.requests.length;
    const answers = await Promise.all(['first question', 'second question'].map(async (text) => (await chat('race', [user(text)], { stream: true })).text()));
    for (const answer of answers) assert.match(answer, /\[DONE\]/);
    const [earlier, later] = fake.requests.slice(sentBefore).map(sentMessages);
    const firstText = earlier!.at(-1)!.content as string;
    const secondText = firstText === 'first question' ? 'second question' : 'first question';
    assert.deepEqual(earlier, [user(firstText)]);
    assert.deepEqual(later, [user(firstText), assistant(replyTo(firstText)), user(secondText)]);
    assert.deepEqual(await storedMessages('race'), later!.concat(assistant(replyTo(secondText))));
  });

  test('a failed turn and a cancelled turn store nothing', async () => {
    await chat('fragile', [user('keep me')]);
    const failed = await chat('fragile', [user('fail mid-stream')], { stream: true });
    assert.match(await failed.text(), /"error"/);

    const controller = new AbortController();
    const hanging = await chat('fragile', [user('hang')], { stream: true });
    assert.equal(hanging.status, 200);
    const reader = hanging.body!.getReader();
    await reader.read();
    const closed = fake.waitForClientClose();
    await reader.cancel();
    controller.abort();
    await closed;

    // The next turn waits for the cancelled one to let go of the thread, then sees only what completed.
    await chat('fragile', [user('after')]);
    assert.deepEqual(lastSent(), [user('keep me'), assistant(replyTo('keep me')), user('after')]);
    assert.deepEqual(await storedMessages('fragile'), [user('keep me'), assistant(replyTo('keep me')), user('after'), assistant(replyTo('after'))]);
  });

  test('a thread that switches model keeps working: the other model gets the whole conversation', async () => {
    const mockTurn = await post('/v1/chat/completions', { model: 'mock/mock-echo', messages: [user('echo this')], thread_id: 'switch' });
    assert.equal((await mockTurn.json() as { choices: { message: { content: string } }[] }).choices[0]!.message.content, 'echo this');
    await chat('switch', [user('now you')]);
    assert.deepEqual(lastSent(), [user('echo this'), assistant('echo this'), user('now you')]);
    const stored = (await getJson('/v1/threads/switch/messages')).body.data.map((message) => message.model ?? null);
    assert.deepEqual(stored, [null, 'mock/mock-echo', null, 'fake/small']);
  });

  test('history is trimmed at the exact boundary of the context window minus max_tokens (tokens counted with gpt-tokenizer)', async () => {
    const history = [user('alpha beta gamma'), assistant(replyTo('alpha beta gamma')), user('delta epsilon'), assistant(replyTo('delta epsilon'))];
    const next = user('zeta');
    const tokens = 3 + [...history, next].reduce((sum, message) => sum + 3 + countTokens(message.content as string), 0);
    for (const thread of ['fits', 'trimmed']) {
      await chat(thread, [history[0]!]);
      await chat(thread, [history[2]!]);
    }
    const fits = await chat('fits', [next], { max_tokens: contextWindow - tokens });
    assert.equal(fits.headers.get('x-qiao-warnings'), null);
    assert.deepEqual(lastSent(), [...history, next]);

    const trimmed = await chat('trimmed', [next], { max_tokens: contextWindow - tokens + 1 });
    assert.deepEqual(lastSent(), [...history.slice(2), next], 'the oldest turn (question and answer) leaves first');
    const warnings = JSON.parse(trimmed.headers.get('x-qiao-warnings') ?? '[]') as { code: string; param: string; message: string }[];
    assert.deepEqual(warnings.map(({ code, param }) => [code, param]), [['history-trimmed', 'thread_id']]);
    assert.match(warnings[0]!.message, /2 earlier message\(s\) of thread "trimmed" did not fit the context window of fake\/small \(4000 tokens/);
    assert.equal((await storedMessages('trimmed')).length, 6, 'trimming shapes the request; the thread keeps everything');
  });

  test('/v1/messages takes a thread_id extension field or the x-qiao-thread-id header; conflicting ones are a 400', async () => {
    const message = (content: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
      post('/v1/messages', { model: 'fake/small', max_tokens: 50, messages: [user(content)], ...extra }, headers);
    assert.equal((await message('one', { thread_id: 'claude' })).status, 200);
    assert.equal((await message('two', {}, { 'x-qiao-thread-id': 'claude' })).status, 200);
    assert.deepEqual(lastSent(), [user('one'), assistant(replyTo('one')), user('two')]);
    assert.equal((fake.requests.at(-1)!.body as Record<string, unknown>).thread_id, undefined, 'the extension field is not sent upstream');

    const conflict = await chat('a', [user('x')], {}).then(() => post('/v1/chat/completions', { model: 'fake/small', messages: [user('x')], thread_id: 'a' }, { 'x-qiao-thread-id': 'b' }));
    assert.equal(conflict.status, 400);
    assert.equal((await conflict.json() as { error: { param: string } }).error.param, 'thread_id');
  });
});
