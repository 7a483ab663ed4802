import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import { callContext } from '../shared/call-context.js';
import { warningsHeader } from '../shared/warnings-header.js';
import type { OpenAIDialectDependencies } from './openai-plugin.js';
import { embeddingBody, knownEmbeddingFields } from './openai-schemas.js';
import { providerOptionsOf } from './to-chat-request.js';

/** Little-endian float32 bytes in base64, as OpenAI sends with `encoding_format: "base64"` (openai.md §5). */
export function toBase64Float32(vector: number[]): string {
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i]!, i * 4);
  return bytes.toString('base64');
}

/** `POST /v1/embeddings`. */
export async function embeddingRoutes(app: FastifyInstance, deps: OpenAIDialectDependencies): Promise<void> {
  app.post('/embeddings', {
    schema: { body: embeddingBody, summary: 'Create embeddings (float or base64)', tags: ['OpenAI'] },
  }, async (request: FastifyRequest<{ Body: Static<typeof embeddingBody> }>, reply) => {
    const body = request.body;
    const input = typeof body.input === 'string' ? [body.input] : body.input;
    const providerOptions = providerOptionsOf(body, knownEmbeddingFields);
    const result = await deps.chat.embed(body.model, {
      input,
      ...(body.dimensions !== undefined && { dimensions: body.dimensions }),
      ...(body.user !== undefined && { user: body.user }),
      ...(providerOptions && { providerOptions }),
    }, callContext(request, reply, '/v1/embeddings'));
    reply.headers(warningsHeader(result.warnings));
    const base64 = body.encoding_format === 'base64';
    return {
      object: 'list',
      data: result.embeddings.map((embedding, index) => ({ object: 'embedding', index, embedding: base64 ? toBase64Float32(embedding) : embedding })),
      model: body.model,
      usage: { prompt_tokens: result.inputTokens ?? 0, total_tokens: result.inputTokens ?? 0 },
    };
  });
}
