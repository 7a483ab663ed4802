import { UpstreamError, UpstreamProtocolError, type GatewayError } from '../../errors/index.js';
import type { StreamPart, Usage } from '../../spec/index.js';
import { isChat, isChatError, isMessage } from './coze-api.js';
import { cozeError } from './coze-error.js';
import { cozeMetadata } from './coze-metadata.js';
import { mapCozeUsage } from './map-coze-usage.js';

/**
 * A pure state machine from Coze chat v3 events (name + parsed data) to StreamParts
 * (../shared/protocols/coze.md §3). Only `answer` messages are answer text: `verbose`,
 * `follow_up`, `function_call` and `tool_response` messages stay out of it. The stream has
 * completed only with `conversation.chat.completed`; one that ends without it has failed.
 */
export class CozeChatStreamState {
  private completed = false;
  private failed = false;
  private usage: Usage | undefined;
  /** Answer messages that arrived as deltas, so their `completed` copy is not emitted again. */
  private readonly streamedAnswers = new Set<string>();
  /** The chat id, once Coze has said it. */
  chatId: string | undefined;
  /** The conversation id, once Coze has said it. */
  conversationId: string | undefined;

  constructor(private readonly provider: string) {}

  /** Parts for one event; `parts` is appended to. */
  push(event: string, data: unknown, parts: StreamPart[]): void {
    switch (event) {
      case 'conversation.chat.created': case 'conversation.chat.in_progress':
        if (isChat.Check(data)) {
          this.chatId = data.id;
          this.conversationId = data.conversation_id;
        }
        return;
      case 'conversation.message.delta': return this.delta(data, parts);
      case 'conversation.message.completed': return this.messageCompleted(data, parts);
      case 'conversation.chat.completed':
        if (isChat.Check(data)) {
          this.usage = mapCozeUsage(data.usage);
          this.chatId ??= data.id;
          this.conversationId ??= data.conversation_id;
        }
        this.completed = true;
        parts.push({ type: 'finish', index: 0, finishReason: 'stop', providerMetadata: cozeMetadata(this.provider, this.conversationId, this.chatId) });
        if (this.usage) parts.push({ type: 'usage', usage: this.usage });
        return;
      case 'conversation.chat.failed': {
        const lastError = isChat.Check(data) ? data.last_error : undefined;
        return this.fail(cozeError(this.provider, lastError?.code ?? 5000, lastError?.msg ?? 'the chat failed'), parts);
      }
      case 'conversation.chat.requires_action':
        return this.fail(new UpstreamError(`Upstream ${this.provider}: the bot asked for client-side tool outputs, which Qiao does not provide.`, 502, false, { provider: this.provider }), parts);
      case 'error': {
        const error = isChatError.Check(data) ? data : {};
        return this.fail(error.code
          ? cozeError(this.provider, error.code, error.msg ?? undefined)
          : new UpstreamError(`Upstream ${this.provider} reported an error mid-stream: ${error.msg || 'no details'}`, 502, false, { provider: this.provider }), parts);
      }
      default:
        // `done` ("[DONE]", quoted), audio deltas and events Qiao does not know carry no answer text.
        return;
    }
  }

  /** Parts once the body has ended. */
  end(parts: StreamPart[]): void {
    if (this.failed || this.completed) return;
    this.fail(new UpstreamError(`Upstream ${this.provider} ended the stream before the chat completed.`, 502, false, { provider: this.provider }), parts);
  }

  /** Whether an error part has been produced; nothing should be read after it. */
  get hasFailed(): boolean {
    return this.failed;
  }

  private delta(data: unknown, parts: StreamPart[]): void {
    if (!isMessage.Check(data)) return this.fail(new UpstreamProtocolError(`Upstream ${this.provider} sent a message delta Qiao cannot read.`, { provider: this.provider }), parts);
    if (data.type !== 'answer') return;
    if (data.id) this.streamedAnswers.add(data.id);
    if (data.reasoning_content) parts.push({ type: 'reasoning-delta', index: 0, text: data.reasoning_content });
    if (data.content) parts.push({ type: 'text-delta', index: 0, text: data.content });
  }

  private messageCompleted(data: unknown, parts: StreamPart[]): void {
    // An answer that came only as a completed message (no deltas) is still the answer.
    if (!isMessage.Check(data) || data.type !== 'answer' || !data.content) return;
    if (data.id && this.streamedAnswers.has(data.id)) return;
    if (data.id) this.streamedAnswers.add(data.id);
    parts.push({ type: 'text-delta', index: 0, text: data.content });
  }

  private fail(error: GatewayError, parts: StreamPart[]): void {
    this.failed = true;
    parts.push({ type: 'error', error });
  }
}
