import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamProtocolError, UpstreamTimeoutError, upstreamErrorFromStatus } from '../../errors/index.js';
import { upstreamFailure } from '../../http/index.js';
import type { CallOptions, ChatModel, ChatRequest, ChatResult, StreamPart } from '../../spec/index.js';
import { isChat, isMessageList, type CozeChat } from './coze-api.js';
import { buildCozeChatBody } from './coze-chat-body.js';
import { cozeError } from './coze-error.js';
import { readCozeJson, rejectCozeJson, sendCoze } from './coze-request.js';
import type { CozeSettings } from './coze-settings.js';
import { cozeStreamParts } from './coze-stream-parts.js';
import { cozeMetadata } from './coze-metadata.js';
import { mapCozeUsage } from './map-coze-usage.js';

const finalStatuses = new Set(['completed', 'failed', 'requires_action', 'canceled']);

/** A Coze bot as a chat model: the model id is the bot id (coze.md §2–4). */
export class CozeChatModel implements ChatModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly settings: CozeSettings) {
    this.provider = settings.name;
  }

  async stream(request: ChatRequest, options: CallOptions): Promise<AsyncIterable<StreamPart>> {
    const { body, conversationId, warnings } = buildCozeChatBody(request, this.modelId, true);
    const response = await sendCoze(this.settings, { method: 'POST', path: '/v3/chat', query: { conversation_id: conversationId }, body, signal: options.abortSignal });
    await rejectCozeJson(this.settings, response, options.abortSignal);
    return cozeStreamParts(response.body, this.provider, warnings, options.abortSignal);
  }

  /** Create → poll retrieve until a final status (bounded by `maxWaitMs`) → list messages; cancelled upstream on abort or timeout. */
  async generate(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
    const { body, conversationId, warnings } = buildCozeChatBody(request, this.modelId, false);
    const signal = options.abortSignal;
    const created = await this.call('POST', '/v3/chat', { conversation_id: conversationId }, body, signal);
    let chat = this.chatOf(created);
    const deadline = Date.now() + this.settings.maxWaitMs;
    try {
      while (!finalStatuses.has(chat.status ?? '')) {
        if (Date.now() >= deadline) {
          throw new UpstreamTimeoutError(`Upstream ${this.provider} did not finish the chat within ${this.settings.maxWaitMs} ms; it was cancelled.`, { provider: this.provider });
        }
        await sleep(this.settings.pollIntervalMs, undefined, { signal });
        const query = { conversation_id: chat.conversation_id, chat_id: chat.id };
        chat = this.chatOf(await this.call('POST', '/v3/chat/retrieve', query, undefined, signal));
      }
    } catch (error) {
      void this.cancel(chat);
      throw upstreamFailure(error, this.provider, signal);
    }
    if (chat.status === 'failed') throw cozeError(this.provider, chat.last_error?.code ?? 5000, chat.last_error?.msg ?? 'the chat failed');
    if (chat.status !== 'completed') {
      throw upstreamErrorFromStatus(502, `Upstream ${this.provider} ended the chat with status "${chat.status}", which Qiao cannot answer with.`, { provider: this.provider });
    }
    const listed = await this.call('GET', '/v3/chat/message/list', { conversation_id: chat.conversation_id, chat_id: chat.id }, undefined, signal);
    if (!isMessageList.Check(listed)) throw new UpstreamProtocolError(`Upstream ${this.provider} sent a message list Qiao cannot read.`, { provider: this.provider });
    const answers = listed.filter((message) => message.type === 'answer');
    const reasoning = answers.map((message) => message.reasoning_content ?? '').join('');
    return {
      choices: [{ index: 0, content: answers.map((message) => message.content ?? '').join(''), ...(reasoning && { reasoning }), finishReason: 'stop' }],
      usage: mapCozeUsage(chat.usage),
      warnings,
      upstreamId: chat.id,
      providerMetadata: cozeMetadata(this.provider, chat.conversation_id, chat.id),
    };
  }

  private async call(method: 'GET' | 'POST', path: string, query: Record<string, string | undefined>, body: unknown, signal?: AbortSignal): Promise<unknown> {
    const response = await sendCoze(this.settings, { method, path, query, body, signal });
    return (await readCozeJson(this.settings, response, signal)).data;
  }

  private chatOf(data: unknown): CozeChat {
    if (!isChat.Check(data)) throw new UpstreamProtocolError(`Upstream ${this.provider} sent a chat object Qiao cannot read.`, { provider: this.provider });
    return data;
  }

  /** Best effort: a chat nobody waits for any more should not keep running (and billing) upstream. */
  private async cancel(chat: CozeChat): Promise<void> {
    try {
      const response = await sendCoze(this.settings, { method: 'POST', path: '/v3/chat/cancel', body: { conversation_id: chat.conversation_id, chat_id: chat.id } });
      await response.body.dump();
    } catch {
      // The chat ends on its own; nothing more to do.
    }
  }
}
