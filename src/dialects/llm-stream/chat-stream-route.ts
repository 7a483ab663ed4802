import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ChatService } from '../../gateway/index.js';
import type { ChatRequest, StreamPart } from '../../spec/index.js';
import { callContext } from '../shared/call-context.js';
import { relayStream } from '../shared/relay-stream.js';
import { toLlmStreamErrorEvent } from './llm-stream-error.js';
import { knownLlmStreamFields, llmStreamChatBody, type LlmStreamChatBody } from './llm-stream-schemas.js';

function toChatRequest(body: LlmStreamChatBody): ChatRequest {
  const request: ChatRequest = { messages: body.messages.map((message) => ({ role: message.role, content: message.content })) };
  if (body.temperature != null) request.temperature = body.temperature;
  if (body.max_tokens != null) request.maxTokens = body.max_tokens;
  if (body.top_p != null) request.topP = body.top_p;
  for (const key in body) {
    if (!knownLlmStreamFields.has(key)) (request.providerOptions ??= {})[key] = (body as Record<string, unknown>)[key];
  }
  return request;
}

/** `data: {"content": <delta>}` per text delta of the first choice; reasoning and finish have no event of their own. */
function encodeContent(part: StreamPart): string | undefined {
  return part.type === 'text-delta' && part.index === 0 ? `{"content":${JSON.stringify(part.text)}}` : undefined;
}

/** `POST /api/chat`: always an SSE stream of content deltas ending with `data: [DONE]`. */
export async function chatStreamRoute(app: FastifyInstance, chat: ChatService): Promise<void> {
  app.post('/chat', {
    schema: { body: llmStreamChatBody, summary: 'Chat, streamed as data: {"content": …} … [DONE] (seed 003)', tags: ['LLM stream'] },
  }, async (request: FastifyRequest<{ Body: LlmStreamChatBody }>, reply) => {
    const outcome = await chat.stream(request.body.model, toChatRequest(request.body), callContext(request, reply, '/api/chat'));
    await relayStream(reply, outcome.parts, {
      opening: () => [],
      encode: encodeContent,
      error: toLlmStreamErrorEvent,
      closing: () => ['[DONE]'],
    });
    return reply;
  });
}
