import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callContext } from '../shared/call-context.js';
import { relayStream } from '../shared/relay-stream.js';
import { warningsHeader } from '../shared/warnings-header.js';
import type { AigoDialectDependencies } from './aigo-dependencies.js';
import { toQiaoModelName } from './aigo-models.js';
import { generateStreamEncoding, toAigoFinishReason, toAigoUsage } from './aigo-responses.js';
import { generateBody, type GenerateBody } from './aigo-schemas.js';
import { generateToChatRequest } from './to-chat-request.js';

/** `POST /generate`: text for a prompt, JSON or (with `stream: true`) SSE; `stop` enforced by the chat service. */
export async function generateRoutes(app: FastifyInstance, deps: AigoDialectDependencies): Promise<void> {
  app.post('/generate', {
    schema: { body: generateBody, summary: 'Generate text for a prompt (AIgo), JSON or SSE', tags: ['AIgo'] },
  }, async (request: FastifyRequest<{ Body: GenerateBody }>, reply) => {
    const body = request.body;
    const chatRequest = generateToChatRequest(body);
    const modelName = toQiaoModelName(body.model, deps);
    const context = callContext(request, reply, '/api/v1/generate');
    if (!body.stream) {
      const result = await deps.chat.generate(modelName, chatRequest, context);
      reply.headers(warningsHeader(result.warnings));
      const choice = result.choices[0];
      return {
        text: choice?.content ?? '',
        model: body.model,
        ...toAigoUsage(result.usage),
        finish_reason: toAigoFinishReason(choice?.finishReason ?? 'stop'),
      };
    }
    const outcome = await deps.chat.stream(modelName, chatRequest, context);
    await relayStream(reply, outcome.parts, generateStreamEncoding());
    return reply;
  });
}
