import type { ChatMessage, ContentPart } from '../../spec/index.js';

type WirePart = Record<string, unknown>;

function toWirePart(part: ContentPart): WirePart {
  switch (part.type) {
    case 'text': return { type: 'text', text: part.text };
    case 'image': return { type: 'image_url', image_url: part.detail ? { url: part.url, detail: part.detail } : { url: part.url } };
    case 'audio': return { type: 'input_audio', input_audio: { data: part.data, format: part.format } };
    case 'file': {
      const file: Record<string, string> = {};
      if (part.fileId) file.file_id = part.fileId;
      if (part.data) file.file_data = part.data;
      if (part.filename) file.filename = part.filename;
      return { type: 'file', file };
    }
  }
}

/** Options that differ between OpenAI-compatible vendors. */
export interface MessageConversionOptions {
  /** Send an assistant turn's reasoning back as `reasoning_content` (DeepSeek requires it on tool-call turns). */
  echoReasoning: boolean;
}

/** Spec messages to OpenAI Chat Completions wire messages. */
export function convertToOpenAICompatibleMessages(messages: ChatMessage[], options: MessageConversionOptions): WirePart[] {
  return messages.map((message): WirePart => {
    switch (message.role) {
      case 'system':
        return message.name ? { role: 'system', content: message.content, name: message.name } : { role: 'system', content: message.content };
      case 'user': {
        const content = typeof message.content === 'string' ? message.content : message.content.map(toWirePart);
        return message.name ? { role: 'user', content, name: message.name } : { role: 'user', content };
      }
      case 'assistant': {
        const wire: WirePart = { role: 'assistant', content: message.content };
        if (message.name) wire.name = message.name;
        if (message.toolCalls?.length) {
          wire.tool_calls = message.toolCalls.map((call) => ({
            id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments },
          }));
        }
        if (options.echoReasoning && message.reasoning) wire.reasoning_content = message.reasoning;
        return wire;
      }
      case 'tool':
        return { role: 'tool', content: message.content, tool_call_id: message.toolCallId };
    }
  });
}
