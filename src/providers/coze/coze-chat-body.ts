import type { ChatRequest, Warning } from '../../spec/index.js';
import { convertToCozeMessages } from './convert-to-coze-messages.js';

/** Request fields Coze has no slot for: reported as warnings, never silently dropped. */
const unsupported: [keyof ChatRequest, string][] = [
  ['temperature', 'temperature'], ['topP', 'top_p'], ['maxTokens', 'max_tokens'], ['stop', 'stop'], ['n', 'n'], ['seed', 'seed'],
  ['presencePenalty', 'presence_penalty'], ['frequencyPenalty', 'frequency_penalty'], ['responseFormat', 'response_format'],
  ['tools', 'tools'], ['toolChoice', 'tool_choice'],
];

/** A `/v3/chat` body and its query: `conversation_id` travels in the query string, not the body (coze.md §2). */
export function buildCozeChatBody(request: ChatRequest, botId: string, stream: boolean): {
  body: Record<string, unknown>; conversationId?: string; warnings: Warning[];
} {
  const { messages, warnings } = convertToCozeMessages(request.messages);
  for (const [field, wire] of unsupported) {
    if (request[field] !== undefined) warnings.push({ code: 'unsupported-parameter', param: wire, message: `Coze bots take ${wire} from the bot's model settings; it was not sent.` });
  }
  // `conversation` is Qiao's own option (a thread continuing the conversation Coze keeps); `conversation_id` is Coze's wire name.
  const { conversation_id: conversationId, conversation, user_id: userId, ...extra } = request.providerOptions ?? {};
  const body: Record<string, unknown> = {
    ...extra,
    bot_id: botId,
    user_id: typeof userId === 'string' && userId ? userId : request.user ?? 'qiao',
    stream,
    // Without saved history a non-streamed answer cannot be listed afterwards (coze.md §2).
    auto_save_history: true,
    additional_messages: messages,
  };
  return { body, conversationId: nonEmpty(conversationId) ?? nonEmpty((conversation as { id?: unknown } | undefined)?.id), warnings };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
