import { InvalidRequestError } from '../../errors/index.js';
import type { ChatMessage, ChatRequest } from '../../spec/index.js';
import { knownChatFields, knownGenerationFields, type ChatBody } from './ai-core-schemas.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const messageFields = new Set(['role', 'content', 'name']);

function invalid(param: string, message: string): never {
  throw new InvalidRequestError(`Invalid ${param}: ${message}`, { param });
}

/** A string, or OpenAI-style text parts joined. */
function textOf(value: unknown, param: string): string {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return invalid(param, 'expected a string.');
  return value.map((part, index) => {
    if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') {
      invalid(`${param}[${index}]`, 'only {"type":"text","text":…} parts are allowed.');
    }
    return part.text;
  }).join('');
}

function toChatMessage(message: Json, param: string): ChatMessage {
  for (const key of Object.keys(message)) {
    if (!messageFields.has(key)) invalid(`${param}.${key}`, 'unknown field; a message has role, content and optionally name.');
  }
  if (message.name !== undefined && typeof message.name !== 'string') invalid(`${param}.name`, 'expected a string.');
  const name = typeof message.name === 'string' ? { name: message.name } : {};
  const content = textOf(message.content, `${param}.content`);
  switch (message.role) {
    case 'system': return { role: 'system', content, ...name };
    case 'user': return { role: 'user', content, ...name };
    case 'assistant': return { role: 'assistant', content, ...name };
    default: return invalid(`${param}.role`, `unknown role ${JSON.stringify(message.role)}; expected system, user or assistant.`);
  }
}

/** Fields without a typed slot, passed to the provider under their own names. */
function providerOptionsOf(body: ChatBody): Record<string, unknown> | undefined {
  let options: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (!knownChatFields.has(key)) (options ??= {})[key] = value;
  }
  for (const [key, value] of Object.entries(body.generation_config ?? {})) {
    if (!knownGenerationFields.has(key)) (options ??= {})[key] = value;
  }
  return options;
}

/** A validated `/chat` body to a spec ChatRequest. */
export function toChatRequest(body: ChatBody): ChatRequest {
  const request: ChatRequest = { messages: body.messages.map((message, index) => toChatMessage(message, `messages[${index}]`)) };
  const generation = body.generation_config;
  if (generation?.temperature != null) request.temperature = generation.temperature;
  if (generation?.top_p != null) request.topP = generation.top_p;
  if (generation?.max_tokens != null) request.maxTokens = generation.max_tokens;
  const providerOptions = providerOptionsOf(body);
  if (providerOptions) request.providerOptions = providerOptions;
  return request;
}
