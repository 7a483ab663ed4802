import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cozeAnswer, cozeBots } from '../support/fake-coze.js';
import { postJson, startCozeGateway } from '../support/coze-gateway.js';
import type { FakeUpstream, RecordedRequest } from '../support/fake-upstream.js';
import type { RunningGateway } from '../support/start-gateway.js';

const question = (content: string) => ({ role: 'user', type: 'question', content, content_type: 'text' });
const answer = (content: string) => ({ role: 'assistant', type: 'answer', content, content_type: 'text' });
/** The conversation the recorded Coze stream (coze-py's fixture) belongs to. */
const recordedConversation = '7381473525342978089';

describe('a Coze bot on a thread keeps Coze\'s own conversation across turns (issue 4 × issue 6)', () => {
  let coze: FakeUpstream & { chats: Map<string, { status: string }> };
  let qiao: RunningGateway;
  before(async () => {
    ({ coze, qiao } = await startCozeGateway());
  });
  after(async () => {
    await qiao?.close();
    await coze?.close();
  });

  const turn = async (model: string, content: string, threadId: string, stream: boolean) => {
    const response = await postJson(`${qiao.url}/v1/chat/completions`, { model, messages: [{ role: 'user', content }], thread_id: threadId, stream });
    assert.equal(response.status, 200);
    return response.text();
  };
  const lastCozeChat = (): RecordedRequest => coze.requestsFor('POST /v3/chat').at(-1)!;
  const additionalMessages = (request: RecordedRequest) => (request.body as { additional_messages: unknown[] }).additional_messages;

  test('streamed: the next turn names Coze\'s conversation in the query string and sends only the new message; a turn on another model is passed on to Coze next time', async () => {
    const bot = `coze/${cozeBots.ok}`;
    assert.match(await turn(bot, '2024年10月1日是星期几', 'coze-stream', true), /\[DONE\]/);
    assert.equal(lastCozeChat().query.get('conversation_id'), null, 'the first turn lets Coze start a conversation');

    await turn(bot, '那2025年呢', 'coze-stream', true);
    assert.equal(lastCozeChat().query.get('conversation_id'), recordedConversation);
    assert.deepEqual(additionalMessages(lastCozeChat()), [question('那2025年呢')], 'Coze keeps the history; it is not sent again');

    // The thread switches to another model for a turn: that model gets the whole history from Qiao…
    await turn('mock/mock-echo', 'echo me', 'coze-stream', false);
    // …and Coze, back on the thread, gets what it has not seen, in its own conversation.
    await turn('coze-bot', '谢谢', 'coze-stream', true);
    assert.equal(lastCozeChat().query.get('conversation_id'), recordedConversation);
    assert.deepEqual(additionalMessages(lastCozeChat()), [question('echo me'), answer('echo me'), question('谢谢')]);

    const stored = await (await fetch(`${qiao.url}/v1/threads/coze-stream/messages`)).json() as { data: { role: string; content: string }[] };
    assert.deepEqual(stored.data.map((message) => message.content), ['2024年10月1日是星期几', cozeAnswer, '那2025年呢', cozeAnswer, 'echo me', 'echo me', '谢谢', cozeAnswer]);
  });

  test('non-streamed (create → poll → list): the conversation Coze made on the first turn is continued on the next', async () => {
    const bot = `coze/${cozeBots.ok}`;
    await turn(bot, 'first', 'coze-json', false);
    assert.equal(lastCozeChat().query.get('conversation_id'), null);
    const conversation = [...coze.chats.values()].at(-1) as unknown as { conversation_id: string };
    await turn(bot, 'second', 'coze-json', false);
    assert.equal(lastCozeChat().query.get('conversation_id'), conversation.conversation_id);
    assert.deepEqual(additionalMessages(lastCozeChat()), [question('second')]);
  });

  test('a failed Coze turn stores nothing and does not change the conversation', async () => {
    await turn(`coze/${cozeBots.ok}`, 'hello', 'coze-failing', true);
    const failed = await postJson(`${qiao.url}/v1/chat/completions`, { model: `coze/${cozeBots.failed}`, messages: [{ role: 'user', content: 'boom' }], thread_id: 'coze-failing', stream: true });
    assert.match(await failed.text(), /"error"/);
    const stored = await (await fetch(`${qiao.url}/v1/threads/coze-failing`)).json() as { message_count: number };
    assert.equal(stored.message_count, 2);
  });
});
