import type { FastifyInstance, FastifyRequest } from 'fastify';
import { callContext } from '../shared/call-context.js';
import { warningsHeader } from '../shared/warnings-header.js';
import type { AigoDialectDependencies } from './aigo-dependencies.js';
import { toQiaoModelName } from './aigo-models.js';
import { embedBody, knownEmbedFields, type EmbedBody } from './aigo-schemas.js';
import { providerOptionsOf } from './to-chat-request.js';

/**
 * `POST /embed`: `{embedding, dimensions, model, usage}` for one input string. An array of inputs
 * answers `embeddings` (one vector per input, in order) instead, so a list is never mistaken for one vector.
 */
export async function embedRoutes(app: FastifyInstance, deps: AigoDialectDependencies): Promise<void> {
  app.post('/embed', {
    schema: { body: embedBody, summary: 'Embed text (AIgo)', tags: ['AIgo'] },
  }, async (request: FastifyRequest<{ Body: EmbedBody }>, reply) => {
    const body = request.body;
    const single = typeof body.input === 'string';
    const providerOptions = providerOptionsOf(body, knownEmbedFields);
    const result = await deps.chat.embed(toQiaoModelName(body.model, deps), {
      input: typeof body.input === 'string' ? [body.input] : body.input,
      ...(body.dimensions !== undefined && { dimensions: body.dimensions }),
      ...(providerOptions && { providerOptions }),
    }, callContext(request, reply, '/api/v1/embed'));
    reply.headers(warningsHeader(result.warnings));
    const usage = result.inputTokens === undefined ? {} : { usage: { prompt_tokens: result.inputTokens, total_tokens: result.inputTokens } };
    return {
      ...(single ? { embedding: result.embeddings[0] ?? [] } : { embeddings: result.embeddings }),
      dimensions: result.embeddings[0]?.length ?? 0,
      model: body.model,
      ...usage,
    };
  });
}
