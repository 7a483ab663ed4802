import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { cozeAnswer, cozeBots, cozeJoke, cozeWorkflows } from '../support/fake-coze.js';
import { dataPayloads, postJson, startCozeGateway } from '../support/coze-gateway.js';
import type { FakeUpstream } from '../support/fake-upstream.js';
import type { RunningGateway } from '../support/start-gateway.js';

const question = [{ role: 'user' as const, content: '2024年10月1日是星期几' }];

describe('Coze bots as models on /v1/chat/completions, workflows on /v1/workflows', () => {
  let coze: FakeUpstream & { chats: Map<string, { status: string }> };
  let qiao: RunningGateway;
  let openai: OpenAI;
  before(async () => {
    ({ coze, qiao } = await startCozeGateway());
    openai = new OpenAI({ baseURL: `${qiao.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await qiao?.close();
    await coze?.close();
  });

  test('streamed: only the answer text, usage, and Coze\'s wire request (bot_id, user_id, conversation_id in the query)', async () => {
    // conversation_id is a Coze field, carried as a provider option into Coze's query string.
    const params = { model: `coze/${cozeBots.ok}`, messages: question, stream: true as const, stream_options: { include_usage: true }, conversation_id: 'conv_42' };
    const stream = await openai.chat.completions.create(params);
    let text = '';
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, cozeAnswer);
    assert.deepEqual(usage, { prompt_tokens: 614, completion_tokens: 19, total_tokens: 633 });
    const sent = coze.requestsFor('POST /v3/chat').at(-1)!;
    assert.equal(sent.query.get('conversation_id'), 'conv_42');
    const body = sent.body as Record<string, unknown>;
    assert.equal(body.bot_id, cozeBots.ok);
    assert.equal(body.conversation_id, undefined);
    assert.deepEqual(body.additional_messages, [{ role: 'user', type: 'question', content: question[0]!.content, content_type: 'text' }]);
  });

  test('non-streamed through an alias: create → retrieve → message list, the answer only', async () => {
    const completion = await openai.chat.completions.create({ model: 'coze-bot', messages: question });
    assert.equal(completion.choices[0]!.message.content, cozeAnswer);
    assert.equal(completion.usage?.total_tokens, 633);
    assert.ok(coze.requestsFor('POST /v3/chat/retrieve').length >= 2);
    assert.equal(coze.requestsFor('GET /v3/chat/message/list').length, 1);
  });

  test('a wrong token answered with HTTP 200 and code 4101 is a 403 naming the Coze error; the token is never echoed', async () => {
    const response = await postJson(`${qiao.url}/v1/chat/completions`, { model: `coze_bad/${cozeBots.ok}`, messages: question });
    assert.equal(response.status, 403);
    const text = await response.text();
    assert.match(text, /4101/);
    assert.doesNotMatch(text, /pat_wrong/);
    const streamed = await postJson(`${qiao.url}/v1/chat/completions`, { model: `coze_bad/${cozeBots.ok}`, messages: question, stream: true });
    assert.equal(streamed.status, 403);
  });

  test('conversation.chat.failed and an error event end the stream with an error, never a finish', async () => {
    for (const bot of [cozeBots.failed, cozeBots.errorEvent]) {
      const response = await postJson(`${qiao.url}/v1/chat/completions`, { model: `coze/${bot}`, messages: question, stream: true });
      const payloads = dataPayloads(await response.text());
      assert.ok((payloads.at(-1) as { error?: unknown }).error, JSON.stringify(payloads));
      assert.ok(!payloads.includes('[DONE]'));
    }
    const failed = await postJson(`${qiao.url}/v1/chat/completions`, { model: `coze/${cozeBots.failed}`, messages: question });
    assert.equal(failed.status, 502);
    assert.match(await failed.text(), /event interval error/);
  });

  test('a client that disconnects mid-stream aborts the upstream stream; a non-streamed wait is cancelled upstream', async () => {
    const controller = new AbortController();
    const response = await postJson(`${qiao.url}/v1/chat/completions`, { model: `coze/${cozeBots.slow}`, messages: question, stream: true }, controller.signal);
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await coze.waitForClientClose();

    const waiting = new AbortController();
    const pending = postJson(`${qiao.url}/v1/chat/completions`, { model: `coze/${cozeBots.slow}`, messages: question }, waiting.signal).catch(() => undefined);
    while (coze.requestsFor('POST /v3/chat/retrieve').filter((request) => request.query.get('chat_id')?.startsWith('chat_')).length === 0
      || ![...coze.chats.values()].some((chat) => chat.status === 'in_progress')) await new Promise((resolve) => setTimeout(resolve, 10));
    waiting.abort();
    await pending;
    while (coze.requestsFor('POST /v3/chat/cancel').length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok([...coze.chats.values()].some((chat) => chat.status === 'canceled'));
  });

  test('POST /v1/workflows/{id}/runs: JSON with the decoded output; bare id, coze/<id> and coze%2F<id>', async () => {
    for (const path of [`coze/${cozeWorkflows.joke}`, `coze%2F${cozeWorkflows.joke}`, cozeWorkflows.joke]) {
      const response = await postJson(`${qiao.url}/v1/workflows/${path}/runs`, { parameters: { topic: '电影' } });
      assert.equal(response.status, 200, path);
      const run = await response.json() as Record<string, unknown>;
      assert.deepEqual([run.object, run.workflow_id, run.output_text, run.status], ['workflow.run', `coze/${cozeWorkflows.joke}`, cozeJoke, 'completed']);
      assert.deepEqual(run.output, { output: cozeJoke });
    }
    assert.deepEqual((coze.requestsFor('POST /v1/workflow/run').at(-1)!.body as { parameters: unknown }).parameters, { topic: '电影' });
  });

  test('POST /v1/workflows/{id}/runs with stream: deltas, completed, [DONE]; an Interrupt; an Error; errors in OpenAI\'s shape', async () => {
    const stream = dataPayloads(await (await postJson(`${qiao.url}/v1/workflows/coze/${cozeWorkflows.joke}/runs`, { stream: true })).text()) as Record<string, unknown>[];
    assert.equal(stream.filter((event) => event.object === 'workflow.run.delta').map((event) => (event.delta as { text: string }).text).join(''), cozeJoke);
    assert.equal(stream.at(-2)!.object, 'workflow.run.completed');
    assert.equal(stream.at(-1), '[DONE]');
    const ask = dataPayloads(await (await postJson(`${qiao.url}/v1/workflows/coze/${cozeWorkflows.ask}/runs`, { stream: true })).text()) as Record<string, unknown>[];
    assert.equal(ask.at(-2)!.object, 'workflow.run.interrupted');
    assert.deepEqual((ask.at(-2)!.interrupt as { event_id: string }).event_id, '7404830425073352713/2769808280134765896');
    const failed = dataPayloads(await (await postJson(`${qiao.url}/v1/workflows/coze/${cozeWorkflows.error}/runs`, { stream: true })).text()) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(failed.at(-1)!.error as object).sort(), ['code', 'message', 'param', 'type']);
    const unpublished = await postJson(`${qiao.url}/v1/workflows/coze/${cozeWorkflows.unpublished}/runs`, {});
    assert.equal(unpublished.status, 404);
    assert.equal(((await unpublished.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
    const notWorkflows = await postJson(`${qiao.url}/v1/workflows/mock/x/runs`, {});
    assert.equal(notWorkflows.status, 400);
  });
});
