import type { Static } from '@sinclair/typebox';
import { InvalidRequestError } from '../../errors/index.js';
import type { ChatMessage, ChatRequest, ContentPart, ToolCall, ToolChoice } from '../../spec/index.js';
import { knownMessagesFields, type countTokensBody, type messagesBody } from './anthropic-schemas.js';

export type MessagesBody = Static<typeof messagesBody>;
type ConversationBody = Static<typeof countTokensBody>;
type Json = Record<string, unknown>;
type WireMessage = MessagesBody['messages'][number];

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(param: string, message: string): never {
  throw new InvalidRequestError(`Invalid ${param}: ${message}`, { param });
}

function text(block: Json, param: string): string {
  if (typeof block.text !== 'string') invalid(`${param}.text`, 'expected a string.');
  return block.text;
}

/** A base64 or URL `source` as the data URL or URL the spec carries. */
function sourceUrl(source: unknown, param: string): string {
  if (!isObject(source)) return invalid(param, 'expected an object.');
  if (source.type === 'base64' && typeof source.media_type === 'string' && typeof source.data === 'string') {
    return `data:${source.media_type};base64,${source.data}`;
  }
  if (source.type === 'url' && typeof source.url === 'string') return source.url;
  return invalid(param, 'expected {"type":"base64","media_type":…,"data":…} or {"type":"url","url":…}.');
}

function toolResultText(content: unknown, param: string): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return invalid(param, 'expected a string or an array of text blocks.');
  return content.map((block, index) => {
    if (!isObject(block) || block.type !== 'text') invalid(`${param}[${index}]`, 'only text blocks are supported in tool results.');
    return text(block, `${param}[${index}]`);
  }).join('');
}

function userMessages(message: WireMessage, param: string): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: 'user', content: message.content }];
  const results: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  for (const [index, block] of (message.content as Json[]).entries()) {
    const at = `${param}.content[${index}]`;
    switch (block.type) {
      case 'text': parts.push({ type: 'text', text: text(block, at) }); break;
      case 'image': parts.push({ type: 'image', url: sourceUrl(block.source, `${at}.source`) }); break;
      case 'document': parts.push({ type: 'file', data: sourceUrl(block.source, `${at}.source`) }); break;
      case 'tool_result':
        if (typeof block.tool_use_id !== 'string') invalid(`${at}.tool_use_id`, 'expected a string.');
        // Tool results go first: OpenAI-style upstreams need them right after the assistant's calls.
        results.push({ role: 'tool', toolCallId: block.tool_use_id, content: toolResultText(block.content, `${at}.content`) });
        break;
      default:
        invalid(`${at}.type`, `unknown content block type ${JSON.stringify(block.type)} in a user turn; expected text, image, document or tool_result.`);
    }
  }
  if (parts.length) results.push({ role: 'user', content: parts });
  return results;
}

function assistantMessage(message: WireMessage, param: string): ChatMessage {
  if (typeof message.content === 'string') return { role: 'assistant', content: message.content };
  let content: string | null = null;
  let reasoning: string | undefined;
  const toolCalls: ToolCall[] = [];
  for (const [index, block] of (message.content as Json[]).entries()) {
    const at = `${param}.content[${index}]`;
    switch (block.type) {
      case 'text': content = (content ?? '') + text(block, at); break;
      case 'thinking': if (typeof block.thinking === 'string') reasoning = (reasoning ?? '') + block.thinking; break;
      case 'redacted_thinking': break;
      case 'tool_use':
        if (typeof block.id !== 'string' || typeof block.name !== 'string') invalid(at, 'a tool_use block needs id and name strings.');
        toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
        break;
      default:
        invalid(`${at}.type`, `unknown content block type ${JSON.stringify(block.type)} in an assistant turn; expected text, thinking or tool_use.`);
    }
  }
  return { role: 'assistant', content, ...(reasoning !== undefined && { reasoning }), ...(toolCalls.length && { toolCalls }) };
}

function toolChoice(choice: NonNullable<MessagesBody['tool_choice']>): ToolChoice {
  switch (choice.type) {
    case 'any': return 'required';
    case 'tool': return { name: choice.name };
    default: return choice.type;
  }
}

/** The conversation part of a Messages body (also what count_tokens counts) as spec fields. */
export function toConversation(body: ConversationBody): Pick<ChatRequest, 'messages' | 'tools' | 'toolChoice' | 'parallelToolCalls'> {
  const messages: ChatMessage[] = [];
  if (body.system !== undefined) {
    const system = typeof body.system === 'string' ? body.system : body.system.map((block) => block.text).join('\n');
    if (system.length > 0) messages.push({ role: 'system', content: system });
  }
  for (const [index, message] of body.messages.entries()) {
    const param = `messages[${index}]`;
    if (message.role === 'user') messages.push(...userMessages(message, param));
    else messages.push(assistantMessage(message, param));
  }
  const conversation: ReturnType<typeof toConversation> = { messages };
  if (body.tools?.length) {
    conversation.tools = body.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      parameters: tool.input_schema,
    }));
  }
  if (body.tool_choice) {
    conversation.toolChoice = toolChoice(body.tool_choice);
    if ('disable_parallel_tool_use' in body.tool_choice && body.tool_choice.disable_parallel_tool_use) conversation.parallelToolCalls = false;
  }
  return conversation;
}

/** A validated Messages body to a spec ChatRequest; fields without a slot (top_k, thinking, …) travel as providerOptions. */
export function toChatRequest(body: MessagesBody): ChatRequest {
  const request: ChatRequest = { ...toConversation(body), maxTokens: body.max_tokens };
  if (body.temperature !== undefined) request.temperature = body.temperature;
  if (body.top_p !== undefined) request.topP = body.top_p;
  if (body.stop_sequences?.length) request.stop = body.stop_sequences;
  if (typeof body.metadata?.user_id === 'string') request.user = body.metadata.user_id;
  for (const key in body) {
    if (!knownMessagesFields.has(key)) (request.providerOptions ??= {})[key] = (body as Json)[key];
  }
  return request;
}
