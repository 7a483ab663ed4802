import type { ChatMessage, Warning } from '../../spec/index.js';

const dataUrl = /^data:[^,]*;base64,(.*)$/s;

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text || '{}');
  } catch {
    return {};
  }
}

/**
 * Spec messages to `/api/chat` messages (ollama.md §2): content is a string, images a list of bare
 * base64 strings (no remote URLs), tool-call arguments an object, tool results name their function.
 */
export function convertToOllamaMessages(messages: ChatMessage[]): { messages: Record<string, unknown>[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const callNames = new Map<string, string>();
  const wire = messages.map((message): Record<string, unknown> => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user': {
        if (typeof message.content === 'string') return { role: 'user', content: message.content };
        const texts: string[] = [];
        const images: string[] = [];
        for (const part of message.content) {
          const inline = part.type === 'image' ? dataUrl.exec(part.url) : null;
          if (part.type === 'text') texts.push(part.text);
          else if (inline) images.push(inline[1]!);
          else warnings.push({ code: 'unsupported-content', param: 'messages', message: `Ollama takes text and base64 images only; a ${part.type === 'image' ? 'remote image URL' : part.type} part was not sent.` });
        }
        return images.length ? { role: 'user', content: texts.join('\n'), images } : { role: 'user', content: texts.join('\n') };
      }
      case 'assistant': {
        const result: Record<string, unknown> = { role: 'assistant', content: message.content ?? '' };
        if (message.toolCalls?.length) {
          result.tool_calls = message.toolCalls.map((call) => {
            callNames.set(call.id, call.name);
            return { function: { name: call.name, arguments: parseArguments(call.arguments) } };
          });
        }
        return result;
      }
      case 'tool': {
        const name = callNames.get(message.toolCallId);
        return { role: 'tool', content: message.content, tool_call_id: message.toolCallId, ...(name ? { tool_name: name } : {}) };
      }
    }
  });
  return { messages: wire, warnings };
}
