import { readFixture, startFakeUpstream, type FakeReply, type FakeUpstream, type RecordedRequest } from './fake-upstream.js';

/**
 * A fake Coze Open API on 127.0.0.1 speaking ../shared/protocols/coze.md: chat v3 (stream, and
 * create → retrieve → message list, cancel), workflow run and stream_run. Behaviour is chosen by
 * the bot or workflow id; a token other than `fakeCozeToken` gets HTTP 200 with `code: 4101`.
 */
export const fakeCozeToken = 'pat_fake_token_for_tests';
export const cozeBots = { ok: '7379462189365198898', failed: '7374724495711502387', errorEvent: '7374724495711502388', slow: '7000000000000000001', cut: '7000000000000000002' };
export const cozeWorkflows = { joke: '7400000000000000001', ask: '7400000000000000002', error: '7400000000000000003', unpublished: '7400000000000000004', slow: '7400000000000000005' };
/** The answer of the `ok` bot, as streamed in three deltas. */
export const cozeAnswer = '2024 年 10 月 1 日是星期二。';
export const cozeFollowUp = '2025 年 10 月 1 日是星期几？';
export const cozeJoke = '为什么小明要带一把尺子去看电影？因为他听说电影很长，怕坐不下！';

const fixtures = new URL('../../src/providers/coze/__fixtures__/', import.meta.url);
const fixtureEvents = (name: string) => readFixture(fixtures, name).split(/(?<=\n\n)/).filter((chunk) => chunk.trim());

const envelope = (data: unknown) => ({ json: { code: 0, msg: '', data } });
const tokenError = { json: { code: 4101, msg: 'The token you entered is incorrect. Please double-check and try again.', detail: { logid: '20250101000000ABCDEF' } } };
const chatEvent = (event: string, data: unknown) => `event:${event}\ndata:${JSON.stringify(data)}\n\n`;

interface FakeChat { id: string; conversation_id: string; bot_id: string; status: string; polls: number }

function chatObject(chat: FakeChat, status = chat.status) {
  const failed = status === 'failed';
  return {
    id: chat.id, conversation_id: chat.conversation_id, bot_id: chat.bot_id, created_at: 1718792949, status,
    last_error: failed ? { code: 5000, msg: 'event interval error' } : { code: 0, msg: '' },
    usage: status === 'completed' ? { token_count: 633, output_count: 19, input_count: 614 } : { token_count: 0, output_count: 0, input_count: 0 },
  };
}

const answerMessages = (chat: FakeChat) => [
  { id: 'm1', conversation_id: chat.conversation_id, bot_id: chat.bot_id, chat_id: chat.id, role: 'assistant', type: 'function_call', content: '{"name":"calendar-lookup"}', content_type: 'text' },
  { id: 'm2', conversation_id: chat.conversation_id, bot_id: chat.bot_id, chat_id: chat.id, role: 'assistant', type: 'answer', content: cozeAnswer, content_type: 'text' },
  { id: 'm3', conversation_id: chat.conversation_id, bot_id: chat.bot_id, chat_id: chat.id, role: 'assistant', type: 'verbose', content: '{"msg_type":"generate_answer_finish","data":"{}"}', content_type: 'text' },
  { id: 'm4', conversation_id: chat.conversation_id, bot_id: chat.bot_id, chat_id: chat.id, role: 'assistant', type: 'follow_up', content: cozeFollowUp, content_type: 'text' },
];

/** Starts the fake Coze; `chats` lets tests look at what a non-streamed chat went through. */
export async function startFakeCoze(): Promise<FakeUpstream & { chats: Map<string, FakeChat> }> {
  const chats = new Map<string, FakeChat>();
  let next = 0;
  const authorized = (request: RecordedRequest) => request.headers.authorization === `Bearer ${fakeCozeToken}`;
  const body = (request: RecordedRequest) => (request.body ?? {}) as Record<string, unknown>;

  const chatStream = (botId: string): FakeReply => {
    if (botId === cozeBots.failed) return { raw: fixtureEvents('chat-failed.raw.txt') };
    if (botId === cozeBots.errorEvent) return { raw: fixtureEvents('chat-error-event.raw.txt') };
    const created = chatObject({ id: 'chat_slow', conversation_id: 'conv_slow', bot_id: botId, status: 'created', polls: 0 });
    const delta = chatEvent('conversation.message.delta', { id: 'msg_1', role: 'assistant', type: 'answer', content: '第一段', content_type: 'text' });
    if (botId === cozeBots.slow) return { raw: [chatEvent('conversation.chat.created', created), delta], end: 'hang' };
    if (botId === cozeBots.cut) return { raw: [chatEvent('conversation.chat.created', created), delta], end: 'destroy' };
    return { raw: fixtureEvents('chat-text-stream.raw.txt') };
  };

  const retrieve = (request: RecordedRequest): FakeReply => {
    if (!authorized(request)) return tokenError;
    const chat = chats.get(request.query.get('chat_id') ?? '');
    if (!chat || chat.conversation_id !== request.query.get('conversation_id')) return { json: { code: 4000, msg: 'chat not found' } };
    chat.polls++;
    if (chat.status === 'in_progress' && chat.polls >= 2 && chat.bot_id !== cozeBots.slow) chat.status = chat.bot_id === cozeBots.failed ? 'failed' : 'completed';
    return envelope(chatObject(chat));
  };

  const list = (request: RecordedRequest): FakeReply => {
    if (!authorized(request)) return tokenError;
    const chat = chats.get(request.query.get('chat_id') ?? '');
    return chat ? envelope(answerMessages(chat)) : { json: { code: 4000, msg: 'chat not found' } };
  };

  const workflowStream = (workflowId: string): FakeReply => {
    if (workflowId === cozeWorkflows.ask) return { raw: fixtureEvents('workflow-interrupt.raw.txt') };
    if (workflowId === cozeWorkflows.error) return { raw: fixtureEvents('workflow-error.raw.txt') };
    if (workflowId === cozeWorkflows.slow) return { raw: fixtureEvents('workflow-stream.raw.txt').slice(0, 1), end: 'hang' };
    if (workflowId === cozeWorkflows.unpublished) return { json: { code: 4200, msg: 'The workflow is not published.' } };
    return { raw: fixtureEvents('workflow-stream.raw.txt') };
  };

  const upstream = await startFakeUpstream({
    'POST /v3/chat': (request) => {
      if (!authorized(request)) return tokenError;
      const { bot_id: botId, stream } = body(request) as { bot_id?: string; stream?: boolean };
      if (!botId) return { json: { code: 4000, msg: 'bot_id is required' } };
      if (stream) return chatStream(botId);
      const chat: FakeChat = { id: `chat_${++next}`, conversation_id: request.query.get('conversation_id') ?? `conv_${next}`, bot_id: botId, status: 'in_progress', polls: 0 };
      chats.set(chat.id, chat);
      return envelope(chatObject(chat));
    },
    // coze-js and coze-py poll with POST, coze-go with GET (coze.md §4).
    'POST /v3/chat/retrieve': retrieve,
    'GET /v3/chat/retrieve': retrieve,
    'GET /v3/chat/message/list': list,
    'POST /v3/chat/message/list': list,
    'POST /v3/chat/cancel': (request) => {
      const chat = chats.get(String(body(request).chat_id));
      if (chat) chat.status = 'canceled';
      return chat ? envelope(chatObject(chat)) : { json: { code: 4000, msg: 'chat not found' } };
    },
    'POST /v1/workflow/run': (request) => {
      if (!authorized(request)) return tokenError;
      const workflowId = String(body(request).workflow_id ?? '');
      if (workflowId === cozeWorkflows.unpublished) return { json: { code: 4200, msg: 'The workflow is not published.' } };
      return {
        json: {
          code: 0, msg: 'Success', data: JSON.stringify({ output: cozeJoke }),
          debug_url: `https://www.coze.cn/work_flow?execute_id=741&workflow_id=${workflowId}`, execute_id: '741',
          usage: { token_count: 52, output_count: 22, input_count: 30 },
        },
      };
    },
    'POST /v1/workflow/stream_run': (request) => {
      if (!authorized(request)) return { status: 401, json: { code: 4100, msg: 'authentication is invalid' } };
      return workflowStream(String(body(request).workflow_id ?? ''));
    },
  });
  return Object.assign(upstream, { chats });
}
