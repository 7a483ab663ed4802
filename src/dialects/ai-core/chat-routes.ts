import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../../errors/index.js';
import type { Gateway } from '../../gateway/index.js';
import { callContext } from '../shared/call-context.js';
import { relayStream } from '../shared/relay-stream.js';
import { warningsHeader } from '../shared/warnings-header.js';
import { toAiCoreError } from './ai-core-error.js';
import { chatBody, type ChatBody } from './ai-core-schemas.js';
import { AiCoreStreamEncoder } from './ai-core-stream-encoder.js';
import { toAiCoreUsage } from './ai-core-usage.js';
import { toChatRequest } from './to-chat-request.js';

type ChatCall = FastifyRequest<{ Body: ChatBody }>;

/** The name the chat service resolves for the core model, or a 400 when there is none yet. */
function coreRoute(gateway: Gateway): string {
  const core = gateway.runtimeProviders.coreModel();
  if (!core) throw new InvalidRequestError('No model configured: POST /config first (provider_type, api_key, model).');
  return core.route;
}

async function chat(gateway: Gateway, request: ChatCall, reply: FastifyReply) {
  const chatRequest = toChatRequest(request.body);
  const result = await gateway.chat.generate(coreRoute(gateway), chatRequest, callContext(request, reply, '/chat'));
  reply.headers(warningsHeader(result.warnings));
  const choice = result.choices[0];
  return {
    success: true,
    content: choice?.content ?? '',
    model: result.deployment.modelId,
    finish_reason: choice?.finishReason ?? null,
    usage: toAiCoreUsage(result.usage) ?? null,
    ...(choice?.reasoning !== undefined && { reasoning_content: choice.reasoning }),
  };
}

async function chatStream(gateway: Gateway, request: ChatCall, reply: FastifyReply): Promise<void> {
  const chatRequest = toChatRequest(request.body);
  const outcome = await gateway.chat.stream(coreRoute(gateway), chatRequest, callContext(request, reply, '/chat/stream'));
  const encoder = new AiCoreStreamEncoder(outcome.deployment.modelId);
  await relayStream(reply, outcome.parts, {
    opening: () => [],
    encode: (part) => encoder.encode(part),
    error: (error) => JSON.stringify(toAiCoreError(error)),
    closing: () => encoder.closing(),
  });
}

/** `POST /chat` (JSON) and `POST /chat/stream` (SSE), answered by the core model. */
export async function chatRoutes(app: FastifyInstance, gateway: Gateway): Promise<void> {
  app.post('/chat', {
    schema: { body: chatBody, summary: 'Chat with the configured model (JSON answer)', tags: ['ai_core'] },
  }, (request: ChatCall, reply) => chat(gateway, request, reply));
  app.post('/chat/stream', {
    schema: { body: chatBody, summary: 'Chat with the configured model (SSE: content so far, delta, finish_reason, model)', tags: ['ai_core'] },
  }, (request: ChatCall, reply) => chatStream(gateway, request, reply));
}
