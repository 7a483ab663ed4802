import type { Static } from '@sinclair/typebox';
import { InvalidRequestError } from '../../errors/index.js';
import type { ChatMessage, ChatRequest, ContentPart, ResponseFormat, ToolCall } from '../../spec/index.js';
import { knownChatFields, type chatCompletionBody } from './openai-schemas.js';

export type ChatCompletionBody = Static<typeof chatCompletionBody>;
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(param: string, message: string): never {
  throw new InvalidRequestError(`Invalid ${param}: ${message}`, { param });
}

function textOf(value: unknown, param: string, allowNull = false): string | null {
  if (typeof value === 'string') return value;
  if (value === null && allowNull) return null;
  if (Array.isArray(value)) {
    return value.map((part, index) => {
      if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') {
        invalid(`${param}[${index}]`, 'only {"type":"text","text":…} parts are allowed here.');
      }
      return part.text;
    }).join('');
  }
  return invalid(param, allowNull ? 'expected a string, an array of text parts, or null.' : 'expected a string or an array of text parts.');
}

function contentPart(part: unknown, param: string): ContentPart {
  if (!isObject(part)) invalid(param, 'expected an object.');
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') invalid(`${param}.text`, 'expected a string.');
      return { type: 'text', text: part.text };
    case 'image_url': {
      const image = part.image_url;
      const url = typeof image === 'string' ? image : isObject(image) ? image.url : undefined;
      if (typeof url !== 'string' || url.length === 0) invalid(`${param}.image_url.url`, 'expected a URL string.');
      const detail = isObject(image) ? image.detail : undefined;
      if (detail !== undefined && detail !== 'auto' && detail !== 'low' && detail !== 'high') invalid(`${param}.image_url.detail`, 'expected auto, low or high.');
      return detail ? { type: 'image', url, detail } : { type: 'image', url };
    }
    case 'input_audio': {
      const audio = part.input_audio;
      if (!isObject(audio) || typeof audio.data !== 'string' || typeof audio.format !== 'string') {
        invalid(`${param}.input_audio`, 'expected {"data": base64, "format": "wav"|"mp3"}.');
      }
      return { type: 'audio', data: audio.data, format: audio.format };
    }
    case 'file': {
      const file = part.file;
      if (!isObject(file) || (typeof file.file_id !== 'string' && typeof file.file_data !== 'string')) {
        invalid(`${param}.file`, 'expected {"file_id": …} or {"file_data": …, "filename": …}.');
      }
      return {
        type: 'file',
        ...(typeof file.file_id === 'string' && { fileId: file.file_id }),
        ...(typeof file.file_data === 'string' && { data: file.file_data }),
        ...(typeof file.filename === 'string' && { filename: file.filename }),
      };
    }
    default:
      return invalid(`${param}.type`, `unknown content part type ${JSON.stringify(part.type)}; expected text, image_url, input_audio or file.`);
  }
}

function toolCalls(value: unknown, param: string): ToolCall[] {
  if (!Array.isArray(value)) invalid(param, 'expected an array.');
  return value.map((call, index) => {
    const at = `${param}[${index}]`;
    if (!isObject(call) || typeof call.id !== 'string') invalid(`${at}.id`, 'expected a string.');
    const fn = call.function;
    if (!isObject(fn) || typeof fn.name !== 'string') invalid(`${at}.function.name`, 'expected a string.');
    if (typeof fn.arguments !== 'string') invalid(`${at}.function.arguments`, 'expected a JSON-encoded string.');
    return { id: call.id, name: fn.name, arguments: fn.arguments };
  });
}

function optionalName(message: Json, param: string): { name?: string } {
  if (message.name === undefined) return {};
  if (typeof message.name !== 'string') invalid(`${param}.name`, 'expected a string.');
  return { name: message.name };
}

/** One wire message to a spec message, naming the exact field on any problem. */
export function toChatMessage(message: Json, param: string): ChatMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(message.content, `${param}.content`) ?? '', ...optionalName(message, param) };
    case 'user': {
      const content = message.content;
      if (typeof content === 'string') return { role: 'user', content, ...optionalName(message, param) };
      if (!Array.isArray(content)) return invalid(`${param}.content`, 'expected a string or an array of content parts.');
      return { role: 'user', content: content.map((part, index) => contentPart(part, `${param}.content[${index}]`)), ...optionalName(message, param) };
    }
    case 'assistant': {
      const calls = message.tool_calls === undefined || message.tool_calls === null ? undefined : toolCalls(message.tool_calls, `${param}.tool_calls`);
      const content = message.content === undefined ? null : textOf(message.content, `${param}.content`, true);
      if (content === null && !calls?.length) invalid(`${param}.content`, 'an assistant message needs content or tool_calls.');
      const reasoning = typeof message.reasoning_content === 'string' ? { reasoning: message.reasoning_content } : {};
      return { role: 'assistant', content, ...(calls?.length ? { toolCalls: calls } : {}), ...reasoning, ...optionalName(message, param) };
    }
    case 'tool':
      if (typeof message.tool_call_id !== 'string') invalid(`${param}.tool_call_id`, 'expected a string.');
      return { role: 'tool', content: textOf(message.content, `${param}.content`) ?? '', toolCallId: message.tool_call_id };
    default:
      return invalid(`${param}.role`, `unknown role ${JSON.stringify(message.role)}; expected system, developer, user, assistant or tool.`);
  }
}

function responseFormat(format: Json): ResponseFormat {
  if (format.type !== 'json_schema') return { type: format.type as 'text' | 'json_object' };
  const schema = format.json_schema;
  if (!isObject(schema) || typeof schema.name !== 'string') invalid('response_format.json_schema.name', 'expected a string.');
  return {
    type: 'json_schema',
    name: schema.name,
    ...(typeof schema.description === 'string' && { description: schema.description }),
    ...(isObject(schema.schema) && { schema: schema.schema }),
    ...(typeof schema.strict === 'boolean' && { strict: schema.strict }),
  };
}

/** Collects fields without a typed slot so they reach the provider unchanged. */
export function providerOptionsOf(body: Json, known: Set<string>): Record<string, unknown> | undefined {
  let options: Record<string, unknown> | undefined;
  for (const key in body) {
    if (known.has(key)) continue;
    (options ??= {})[key] = body[key];
  }
  return options;
}

/** A validated chat completion body to a spec ChatRequest. */
export function toChatRequest(body: ChatCompletionBody): ChatRequest {
  const request: ChatRequest = { messages: body.messages.map((message, index) => toChatMessage(message, `messages[${index}]`)) };
  if (body.temperature != null) request.temperature = body.temperature;
  if (body.top_p != null) request.topP = body.top_p;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens != null) request.maxTokens = maxTokens;
  if (body.stop != null) request.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (body.n != null) request.n = body.n;
  if (body.seed != null) request.seed = body.seed;
  if (body.presence_penalty != null) request.presencePenalty = body.presence_penalty;
  if (body.frequency_penalty != null) request.frequencyPenalty = body.frequency_penalty;
  if (body.user !== undefined) request.user = body.user;
  if (body.parallel_tool_calls !== undefined) request.parallelToolCalls = body.parallel_tool_calls;
  if (body.response_format) request.responseFormat = responseFormat(body.response_format as Json);
  if (body.tools?.length) {
    request.tools = body.tools.map((tool) => ({
      name: tool.function.name,
      ...(tool.function.description !== undefined && { description: tool.function.description }),
      ...(tool.function.parameters !== undefined && { parameters: tool.function.parameters }),
      ...(tool.function.strict != null && { strict: tool.function.strict }),
    }));
  }
  if (body.tool_choice !== undefined) {
    request.toolChoice = typeof body.tool_choice === 'string' ? body.tool_choice : { name: body.tool_choice.function.name };
  }
  if (body.stream && body.stream_options?.include_usage) request.includeUsage = true;
  const providerOptions = providerOptionsOf(body as Json, knownChatFields);
  if (providerOptions) request.providerOptions = providerOptions;
  return request;
}
