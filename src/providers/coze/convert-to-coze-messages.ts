import type { ChatMessage, ContentPart, Warning } from '../../spec/index.js';

/** One entry of `additional_messages` (../shared/protocols/coze.md §2). */
export interface CozeEnterMessage {
  role: 'user' | 'assistant';
  type?: 'question' | 'answer';
  content: string;
  content_type: 'text' | 'object_string';
}

function objectString(parts: ContentPart[], warnings: Warning[]): CozeEnterMessage['content'] {
  const items: Record<string, string>[] = [];
  for (const part of parts) {
    if (part.type === 'text') items.push({ type: 'text', text: part.text });
    else if (part.type === 'image') items.push({ type: 'image', file_url: part.url });
    else if (part.type === 'file' && part.fileId) items.push({ type: 'file', file_id: part.fileId });
    else warnings.push({ code: 'unsupported-content', param: 'messages', message: `Coze takes ${part.type} parts only as uploaded file ids or URLs; the part was left out.` });
  }
  // Coze's multimodal content is a JSON-encoded string of the parts array.
  return JSON.stringify(items);
}

/**
 * The conversation as Coze's `additional_messages`. A bot's persona lives in Coze, so system
 * messages and tool results have no slot: they are left out with a warning, never silently.
 */
export function convertToCozeMessages(messages: ChatMessage[]): { messages: CozeEnterMessage[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const converted: CozeEnterMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'user':
        if (typeof message.content === 'string') converted.push({ role: 'user', type: 'question', content: message.content, content_type: 'text' });
        else if (message.content.every((part) => part.type === 'text')) {
          converted.push({ role: 'user', type: 'question', content: message.content.map((part) => (part.type === 'text' ? part.text : '')).join(''), content_type: 'text' });
        } else converted.push({ role: 'user', type: 'question', content: objectString(message.content, warnings), content_type: 'object_string' });
        break;
      case 'assistant':
        if (message.content) converted.push({ role: 'assistant', type: 'answer', content: message.content, content_type: 'text' });
        if (message.toolCalls?.length) warnings.push({ code: 'unsupported-content', param: 'messages', message: 'Coze bots call their own plugins; assistant tool calls were left out.' });
        break;
      case 'system':
        warnings.push({ code: 'unsupported-content', param: 'messages', message: 'Coze bots take their instructions from the bot\'s persona; the system message was left out.' });
        break;
      case 'tool':
        warnings.push({ code: 'unsupported-content', param: 'messages', message: 'Coze bots call their own plugins; the tool result was left out.' });
        break;
    }
  }
  return { messages: converted, warnings };
}
