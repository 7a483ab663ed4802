import { InvalidRequestError } from '../../errors/index.js';
import type { ChatMessage, ContentPart, Warning } from '../../spec/index.js';

type WireBlock = Record<string, unknown>;

/** One turn of the Messages API: `user` or `assistant`, content as blocks. */
export interface AnthropicWireMessage {
  role: 'user' | 'assistant';
  content: WireBlock[];
}

/** The Messages API form of a conversation: top-level `system`, alternating turns. */
export interface AnthropicPrompt {
  system?: WireBlock[];
  messages: AnthropicWireMessage[];
  warnings: Warning[];
}

const dataUrl = /^data:([^;,]+);base64,(.*)$/s;

function imageBlock(url: string): WireBlock {
  const match = dataUrl.exec(url);
  if (match) return { type: 'image', source: { type: 'base64', media_type: match[1], data: match[2] } };
  return { type: 'image', source: { type: 'url', url } };
}

function partBlock(part: ContentPart, param: string, warnings: Warning[]): WireBlock | undefined {
  switch (part.type) {
    case 'text': return { type: 'text', text: part.text };
    case 'image': return imageBlock(part.url);
    case 'file': {
      const match = part.data ? dataUrl.exec(part.data) : null;
      if (match) return { type: 'document', source: { type: 'base64', media_type: match[1], data: match[2] } };
      warnings.push({ code: 'unsupported-content', param, message: 'Anthropic takes files as inline base64 data only; a file given by id was not sent.' });
      return undefined;
    }
    case 'audio':
      warnings.push({ code: 'unsupported-content', param, message: 'Anthropic does not accept audio input; the audio part was not sent.' });
      return undefined;
  }
}

function toolInput(argumentsText: string, param: string): unknown {
  if (argumentsText.trim() === '') return {};
  try {
    const input: unknown = JSON.parse(argumentsText);
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input;
  } catch {
    // reported below
  }
  throw new InvalidRequestError(`Invalid ${param}: Anthropic needs tool call arguments as a JSON object.`, { param });
}

function assistantBlocks(message: Extract<ChatMessage, { role: 'assistant' }>, param: string): WireBlock[] {
  // Reasoning is not echoed back: Anthropic accepts a thinking block only with the signature it issued.
  const blocks: WireBlock[] = [];
  if (message.content) blocks.push({ type: 'text', text: message.content });
  for (const [position, call] of (message.toolCalls ?? []).entries()) {
    blocks.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments, `${param}.tool_calls[${position}].function.arguments`) });
  }
  return blocks;
}

/**
 * Spec messages to the Messages API: system messages lifted to the top-level `system`, tool results
 * as `tool_result` blocks in a user turn, consecutive turns of one role merged (the API alternates).
 */
export function convertToAnthropicMessages(messages: ChatMessage[]): AnthropicPrompt {
  const system: WireBlock[] = [];
  const turns: AnthropicWireMessage[] = [];
  const warnings: Warning[] = [];
  const append = (role: 'user' | 'assistant', blocks: WireBlock[]) => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === role) last.content.push(...blocks);
    else turns.push({ role, content: blocks });
  };
  for (const [index, message] of messages.entries()) {
    const param = `messages[${index}]`;
    switch (message.role) {
      case 'system':
        system.push({ type: 'text', text: message.content });
        break;
      case 'user': {
        const content: WireBlock[] = typeof message.content === 'string'
          ? [{ type: 'text', text: message.content }]
          : message.content.flatMap((part, position): WireBlock[] => {
            const block = partBlock(part, `${param}.content[${position}]`, warnings);
            return block ? [block] : [];
          });
        append('user', content);
        break;
      }
      case 'assistant':
        append('assistant', assistantBlocks(message, param));
        break;
      case 'tool':
        append('user', [{ type: 'tool_result', tool_use_id: message.toolCallId, content: message.content }]);
        break;
    }
  }
  return { ...(system.length ? { system } : {}), messages: turns, warnings };
}
