import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callContext } from '../shared/call-context.js';
import { relayStream } from '../shared/relay-stream.js';
import { warningsHeader } from '../shared/warnings-header.js';
import type { AigoDialectDependencies } from './aigo-dependencies.js';
import { toQiaoModelName } from './aigo-models.js';
import { chatStreamEncoding, toAigoFinishReason, toAigoUsage } from './aigo-responses.js';
import { chatBody, type ChatBody } from './aigo-schemas.js';
import { chatToChatRequest } from './to-chat-request.js';

type ChatCall = FastifyRequest<{ Body: ChatBody }>;

async function streamChat(request: ChatCall, reply: FastifyReply, deps: AigoDialectDependencies, endpoint: string): Promise<FastifyReply> {
  const chatRequest = chatToChatRequest(request.body);
  const context = callContext(request, reply, endpoint);
  const outcome = await deps.chat.stream(toQiaoModelName(request.body.model, deps), chatRequest, context);
  await relayStream(reply, outcome.parts, chatStreamEncoding());
  return reply;
}

/** `POST /chat` (JSON, or SSE with `stream: true`) and `POST /chat/stream` (always SSE). */
export async function chatRoutes(app: FastifyInstance, deps: AigoDialectDependencies): Promise<void> {
  app.post('/chat', {
    schema: { body: chatBody, summary: 'Chat (AIgo): one assistant message', tags: ['AIgo'] },
  }, async (request: ChatCall, reply) => {
    const body = request.body;
    if (body.stream) return streamChat(request, reply, deps, '/api/v1/chat');
    const chatRequest = chatToChatRequest(body);
    const context = callContext(request, reply, '/api/v1/chat');
    const result = await deps.chat.generate(toQiaoModelName(body.model, deps), chatRequest, context);
    reply.headers(warningsHeader(result.warnings));
    const choice = result.choices[0];
    return {
      message: { role: 'assistant', content: choice?.content ?? '' },
      model: body.model,
      ...toAigoUsage(result.usage),
      finish_reason: toAigoFinishReason(choice?.finishReason ?? 'stop'),
    };
  });

  app.post('/chat/stream', {
    schema: { body: chatBody, summary: 'Chat (AIgo), streamed as SSE deltas', tags: ['AIgo'] },
  }, (request: ChatCall, reply) => streamChat(request, reply, deps, '/api/v1/chat/stream'));
}
