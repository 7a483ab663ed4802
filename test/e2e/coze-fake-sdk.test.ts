import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ChatEventType, ChatStatus, CozeAPI, PermissionDeniedError, RoleType, WorkflowEventType } from '@coze/api';
import { cozeAnswer, cozeBots, cozeFollowUp, cozeJoke, cozeWorkflows, fakeCozeToken, startFakeCoze } from '../support/fake-coze.js';
import type { FakeUpstream } from '../support/fake-upstream.js';

// The fake Coze that the gateway tests rely on is first checked with the official SDK itself.
describe('the fake Coze upstream, as the official @coze/api SDK sees it', () => {
  let coze: FakeUpstream;
  let client: CozeAPI;
  const question = [{ role: RoleType.User, content: '2024年10月1日是星期几', content_type: 'text' as const }];

  before(async () => {
    coze = await startFakeCoze();
    client = new CozeAPI({ token: fakeCozeToken, baseURL: coze.baseUrl });
  });
  after(() => coze?.close());

  test('chat stream: answer deltas, completed messages, usage, done', async () => {
    const events: { event: string; data: unknown }[] = [];
    for await (const part of client.chat.stream({ bot_id: cozeBots.ok, user_id: 'u1', additional_messages: question })) events.push(part as { event: string; data: unknown });
    const deltas = events.filter((event) => event.event === ChatEventType.CONVERSATION_MESSAGE_DELTA).map((event) => (event.data as { content: string }).content);
    assert.equal(deltas.join(''), cozeAnswer);
    const completed = events.find((event) => event.event === ChatEventType.CONVERSATION_CHAT_COMPLETED)!.data as { usage: { token_count: number } };
    assert.equal(completed.usage.token_count, 633);
    assert.equal(events.at(-1)!.event, ChatEventType.DONE);
    const sent = coze.requestsFor('POST /v3/chat').at(-1)!;
    assert.equal((sent.body as { stream: boolean }).stream, true);
  });

  test('chat stream of a failing bot: conversation.chat.failed with last_error', async () => {
    const events: { event: string; data: unknown }[] = [];
    for await (const part of client.chat.stream({ bot_id: cozeBots.failed, additional_messages: question })) events.push(part as { event: string; data: unknown });
    const failed = events.find((event) => event.event === ChatEventType.CONVERSATION_CHAT_FAILED)!.data as { last_error: { code: number } };
    assert.equal(failed.last_error.code, 5000);
  });

  test('create → retrieve (polled) → messages list, with conversation_id in the query', async () => {
    const created = await client.chat.create({ bot_id: cozeBots.ok, user_id: 'u1', additional_messages: question, auto_save_history: true }, { params: { conversation_id: 'conv_given' } });
    assert.equal(created.status, ChatStatus.IN_PROGRESS);
    assert.equal(coze.requestsFor('POST /v3/chat').at(-1)!.query.get('conversation_id'), 'conv_given');
    const polled = await client.chat.createAndPoll({ bot_id: cozeBots.ok, additional_messages: question });
    assert.equal(polled.chat.status, ChatStatus.COMPLETED);
    assert.deepEqual(polled.messages?.filter((message) => message.type === 'answer').map((message) => message.content), [cozeAnswer]);
    assert.ok(polled.messages?.some((message) => message.type === 'follow_up' && message.content === cozeFollowUp));
    const retrieved = await client.chat.retrieve(polled.chat.conversation_id, polled.chat.id);
    assert.equal(retrieved.usage?.token_count, 633);
    const listed = await client.chat.messages.list(polled.chat.conversation_id, polled.chat.id);
    assert.equal(listed.length, 4);
  });

  test('a wrong token: HTTP 200 with code 4101, which the SDK reports as PermissionDeniedError', async () => {
    const wrong = new CozeAPI({ token: 'pat_wrong', baseURL: coze.baseUrl });
    await assert.rejects(wrong.chat.create({ bot_id: cozeBots.ok, additional_messages: question }), (error: unknown) => {
      assert.ok(error instanceof PermissionDeniedError);
      assert.equal((error as PermissionDeniedError).code, 4101);
      return true;
    });
  });

  test('workflow run: data is a JSON string of the output', async () => {
    const result = await client.workflows.runs.create({ workflow_id: cozeWorkflows.joke, parameters: { topic: '电影' } });
    assert.deepEqual(JSON.parse(result.data) as unknown, { output: cozeJoke });
    assert.ok(result.debug_url.includes(cozeWorkflows.joke));
  });

  test('workflow stream: Message events then Done; Interrupt; Error', async () => {
    const collect = async (workflowId: string) => {
      const events: { event: string; data: unknown }[] = [];
      for await (const event of client.workflows.runs.stream({ workflow_id: workflowId, parameters: {} })) events.push(event as { event: string; data: unknown });
      return events;
    };
    const joke = await collect(cozeWorkflows.joke);
    assert.equal(joke.filter((event) => event.event === WorkflowEventType.MESSAGE).map((event) => (event.data as { content: string }).content).join(''), cozeJoke);
    assert.equal(joke.at(-1)!.event, WorkflowEventType.DONE);
    const ask = await collect(cozeWorkflows.ask);
    assert.equal(ask.at(-1)!.event, WorkflowEventType.INTERRUPT);
    assert.equal((ask.at(-1)!.data as { interrupt_data: { event_id: string } }).interrupt_data.event_id, '7404830425073352713/2769808280134765896');
    const failed = await collect(cozeWorkflows.error);
    assert.equal(failed[0]!.event, WorkflowEventType.ERROR);
  });
});
