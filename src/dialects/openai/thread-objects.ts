import type { ChatMessage, ContentPart } from '../../spec/index.js';
import type { ThreadMessageRecord, ThreadRecord } from '../../storage/index.js';

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A thread in the `/v1/threads` answers. */
export function toThreadObject(thread: ThreadRecord): Record<string, unknown> {
  return {
    id: thread.threadId,
    object: 'thread',
    created_at: seconds(thread.createdAt),
    updated_at: seconds(thread.updatedAt),
    metadata: thread.metadata ?? {},
    message_count: thread.lastSeq,
    system_prompt: thread.systemPrompt?.map((message) => message.content).join('\n') ?? null,
    summary: thread.summary ?? null,
  };
}

function wirePart(part: ContentPart): Record<string, unknown> {
  switch (part.type) {
    case 'text': return { type: 'text', text: part.text };
    case 'image': return { type: 'image_url', image_url: { url: part.url, ...(part.detail && { detail: part.detail }) } };
    case 'audio': return { type: 'input_audio', input_audio: { data: part.data, format: part.format } };
    case 'file': return { type: 'file', file: { ...(part.fileId && { file_id: part.fileId }), ...(part.data && { file_data: part.data }), ...(part.filename && { filename: part.filename }) } };
  }
}

/** A stored message in chat-completions form (`role`, `content`, `tool_calls`, `tool_call_id`). */
function wireMessage(message: ChatMessage): Record<string, unknown> {
  switch (message.role) {
    case 'user': return { role: 'user', content: typeof message.content === 'string' ? message.content : message.content.map(wirePart) };
    case 'assistant': return {
      role: 'assistant', content: message.content,
      ...(message.toolCalls?.length && { tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })) }),
    };
    case 'tool': return { role: 'tool', content: message.content, tool_call_id: message.toolCallId };
    case 'system': return { role: 'system', content: message.content };
  }
}

/** A message in the `/v1/threads/{id}/messages` answer; its id is `msg_<position>`. */
export function toThreadMessageObject(threadId: string, record: ThreadMessageRecord): Record<string, unknown> {
  return {
    id: `msg_${record.seq}`,
    object: 'thread.message',
    thread_id: threadId,
    created_at: seconds(record.createdAt),
    ...wireMessage(record.message),
    ...(record.model && { model: record.model }),
  };
}
