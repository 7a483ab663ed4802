import type { ChatRequest } from '../../spec/index.js';
import { knownChatFields, knownGenerateFields, type ChatBody, type GenerateBody } from './aigo-schemas.js';

type SamplingFields = Pick<GenerateBody, 'max_tokens' | 'temperature' | 'top_p' | 'stop'>;

/** Fields without a typed slot, passed to the provider unchanged. */
export function providerOptionsOf(body: Record<string, unknown>, known: Set<string>): Record<string, unknown> | undefined {
  let options: Record<string, unknown> | undefined;
  for (const key in body) {
    if (!known.has(key)) (options ??= {})[key] = body[key];
  }
  return options;
}

/** The stop sequences as a list (AIgo accepts one string or several). */
export function stopSequences(stop: SamplingFields['stop']): string[] | undefined {
  if (stop == null) return undefined;
  return typeof stop === 'string' ? [stop] : stop;
}

function withSampling(request: ChatRequest, body: SamplingFields, providerOptions: Record<string, unknown> | undefined): ChatRequest {
  if (body.max_tokens != null) request.maxTokens = body.max_tokens;
  if (body.temperature != null) request.temperature = body.temperature;
  if (body.top_p != null) request.topP = body.top_p;
  const stop = stopSequences(body.stop);
  if (stop?.length) request.stop = stop;
  if (providerOptions) request.providerOptions = providerOptions;
  return request;
}

/** `POST /generate`: the prompt becomes one user message (Qiao serves text generation through chat models). */
export function generateToChatRequest(body: GenerateBody): ChatRequest {
  return withSampling({ messages: [{ role: 'user', content: body.prompt }] }, body, providerOptionsOf(body, knownGenerateFields));
}

/** `POST /chat` and `/chat/stream`. */
export function chatToChatRequest(body: ChatBody): ChatRequest {
  const messages = body.messages.map((message) => ({ role: message.role, content: message.content }));
  return withSampling({ messages }, body, providerOptionsOf(body, knownChatFields));
}
