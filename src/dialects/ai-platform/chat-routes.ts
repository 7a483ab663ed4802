import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../../errors/index.js';
import type { Gateway } from '../../gateway/index.js';
import { callContext } from '../shared/call-context.js';
import { relayStream } from '../shared/relay-stream.js';
import { warningsHeader } from '../shared/warnings-header.js';
import { platformBody, type PlatformBody } from './ai-platform-schemas.js';
import { chatEncoding, platformUsage } from './platform-stream.js';
import { resolveChatModel } from './service-catalog.js';
import { toChatRequest } from './to-platform-requests.js';

type Call = FastifyRequest<{ Body: PlatformBody }>;

function checkType(body: PlatformBody): void {
  if (body.service_type && body.service_type !== 'chat') {
    throw new InvalidRequestError(`service_type "${body.service_type}" cannot chat; send service_type "chat" (workflows: POST /ai/workflow).`, { param: 'service_type' });
  }
}

async function streamChat(request: Call, reply: FastifyReply, gateway: Gateway, endpoint: string): Promise<FastifyReply> {
  const body = request.body;
  checkType(body);
  const model = resolveChatModel(gateway, body.service_name, body.parameters ?? {});
  const outcome = await gateway.chat.stream(model, toChatRequest(body), callContext(request, reply, endpoint));
  await relayStream(reply, outcome.parts, chatEncoding(body.service_name ?? model));
  return reply;
}

/** `POST /chat` (JSON, or SSE with `stream: true`) and `POST /chat/stream` (always SSE). */
export async function chatRoutes(app: FastifyInstance, gateway: Gateway): Promise<void> {
  app.post('/chat', { schema: { body: platformBody, summary: 'Chat with a service (seed 001)', tags: ['AI platform'] } }, async (request: Call, reply) => {
    const body = request.body;
    if (body.stream) return streamChat(request, reply, gateway, '/ai/chat');
    checkType(body);
    const model = resolveChatModel(gateway, body.service_name, body.parameters ?? {});
    const result = await gateway.chat.generate(model, toChatRequest(body), callContext(request, reply, '/ai/chat'));
    reply.headers(warningsHeader(result.warnings));
    const choice = result.choices[0];
    const content = choice?.content ?? '';
    return {
      success: true,
      service_type: 'chat',
      service_name: body.service_name,
      model: `${result.deployment.provider.name}/${result.deployment.modelId}`,
      content,
      full_text: content,
      ...(choice?.reasoning && { reasoning: choice.reasoning }),
      finish_reason: choice?.finishReason ?? 'stop',
      usage: platformUsage(result.usage),
    };
  });
  app.post('/chat/stream', { schema: { body: platformBody, summary: 'Chat with a service, streamed (seed 001)', tags: ['AI platform'] } },
    (request: Call, reply) => streamChat(request, reply, gateway, '/ai/chat/stream'));
}
