import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFixture } from '../../../test/support/fake-upstream.js';
import { PermissionDeniedError, UpstreamError } from '../../errors/index.js';
import type { StreamPart, WorkflowEvent } from '../../spec/index.js';
import { cozeError } from './coze-error.js';
import { cozeStreamParts } from './coze-stream-parts.js';
import { CozeWorkflowStreamState } from './coze-workflow-stream.js';
import { decodeSse } from '../../http/index.js';

const fixtures = new URL('./__fixtures__/', import.meta.url);

async function* bytes(text: string, size: number): AsyncGenerator<Uint8Array> {
  const encoded = new TextEncoder().encode(text);
  for (let i = 0; i < encoded.length; i += size) yield encoded.subarray(i, i + size);
}

async function replay(name: string, size = 7, cut = 0): Promise<StreamPart[]> {
  const text = readFixture(fixtures, name);
  const parts: StreamPart[] = [];
  for await (const part of cozeStreamParts(bytes(cut ? text.slice(0, cut) : text, size), 'coze', [])) parts.push(part);
  return parts;
}

const textOf = (parts: StreamPart[]) => parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');

describe('Coze chat v3 stream → StreamParts', () => {
  test('answer deltas only (function_call, tool_response, verbose and follow_up stay out), finish, usage; split at any byte', async () => {
    for (const size of [1, 3, 7, 64, 100_000]) {
      const parts = await replay('chat-text-stream.raw.txt', size);
      assert.equal(textOf(parts), '2024 年 10 月 1 日是星期二。');
      assert.deepEqual(parts.slice(-2), [
        {
          type: 'finish', index: 0, finishReason: 'stop',
          // The conversation Coze keeps, so a thread can continue it (docs/threads.md).
          providerMetadata: { coze: { conversation_id: '7381473525342978089', chat_id: '7382159487131697202', conversation: { id: '7381473525342978089' } } },
        },
        { type: 'usage', usage: { inputTokens: 614, outputTokens: 19 } },
      ]);
      assert.equal(parts[0]!.type, 'stream-start');
    }
  });

  test('conversation.chat.failed → an error part with the last_error code', async () => {
    const parts = await replay('chat-failed.raw.txt');
    const last = parts.at(-1)!;
    assert.equal(last.type, 'error');
    assert.ok(last.type === 'error' && last.error instanceof UpstreamError);
    assert.equal(last.type === 'error' && last.error.upstreamCode, '5000');
    assert.match(last.type === 'error' ? last.error.message : '', /event interval error/);
  });

  test('an error event → an error part; a stream cut before chat.completed → an error part, never a fake finish', async () => {
    const errored = await replay('chat-error-event.raw.txt');
    assert.equal(errored.at(-1)!.type, 'error');
    const text = readFixture(fixtures, 'chat-text-stream.raw.txt');
    const cut = await replay('chat-text-stream.raw.txt', 50, text.indexOf('event:conversation.chat.completed'));
    assert.equal(cut.at(-1)!.type, 'error');
    assert.ok(!cut.some((part) => part.type === 'finish'));
  });

  test('error codes: 4101 (HTTP 200) is permission denied, 4100 authentication, 4200 not found', () => {
    assert.ok(cozeError('coze', 4101, 'bad token', 200) instanceof PermissionDeniedError);
    assert.equal(cozeError('coze', 4100, 'x').status, 401);
    assert.equal(cozeError('coze', 4200, 'x').status, 404);
    assert.equal(cozeError('coze', 5000, 'x').status, 502);
  });
});

describe('Coze workflow stream → workflow events', () => {
  async function events(name: string): Promise<WorkflowEvent[]> {
    const state = new CozeWorkflowStreamState('coze');
    const out: WorkflowEvent[] = [];
    for await (const event of decodeSse(bytes(readFixture(fixtures, name), 5))) {
      const converted = state.push(event.event ?? 'Message', JSON.parse(event.data) as unknown);
      if (converted) out.push(converted);
    }
    const last = state.end();
    if (last) out.push(last);
    return out;
  }

  test('Message texts, then Done with usage and debug_url', async () => {
    const all = await events('workflow-stream.raw.txt');
    assert.equal(all.map((event) => (event.type === 'message' ? event.text : '')).join(''), '为什么小明要带一把尺子去看电影？因为他听说电影很长，怕坐不下！');
    assert.deepEqual(all.at(-1), { type: 'done', usage: { inputTokens: 30, outputTokens: 22 }, debugUrl: 'https://www.coze.cn/work_flow?execute_id=741&space_id=742&workflow_id=743' });
  });

  test('Interrupt ends the run with the event id; Error becomes an error event', async () => {
    assert.deepEqual((await events('workflow-interrupt.raw.txt')).at(-1), { type: 'interrupt', eventId: '7404830425073352713/2769808280134765896', interruptType: 2, nodeTitle: '问答' });
    const failed = (await events('workflow-error.raw.txt')).at(-1)!;
    assert.equal(failed.type, 'error');
    assert.equal(failed.type === 'error' && failed.error.status, 400);
  });
});
