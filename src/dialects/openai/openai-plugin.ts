import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { ApiKeyGuard, ChatService, ModelRegistry } from '../../gateway/index.js';
import { callContext } from '../shared/call-context.js';
import { installDialect } from '../shared/install-dialect.js';
import { relayStream } from '../shared/relay-stream.js';
import { warningsHeader } from '../shared/warnings-header.js';
import { ChatChunkEncoder } from './chat-chunk-encoder.js';
import { toChatCompletion } from './chat-completion-response.js';
import { completionRoutes } from './completion-routes.js';
import { embeddingRoutes } from './embedding-routes.js';
import { modelRoutes } from './model-routes.js';
import { toOpenAIError } from './openai-error.js';
import { chatCompletionBody } from './openai-schemas.js';
import { toChatRequest } from './to-chat-request.js';
import type { Warning } from '../../spec/index.js';

/** What the openai dialect needs from the gateway. */
export interface OpenAIDialectDependencies {
  chat: ChatService;
  registry: ModelRegistry;
  guard: ApiKeyGuard;
}

const threadWarning: Warning = {
  code: 'unsupported-parameter', param: 'thread_id',
  message: 'thread_id was accepted, but conversation memory is not enabled on this gateway yet; send the full history.',
};

/** OpenAI's `/v1/*` API: chat completions, completions, embeddings, models. */
export async function openAIDialect(app: FastifyInstance, deps: OpenAIDialectDependencies): Promise<void> {
  installDialect(app, deps.guard, toOpenAIError);

  app.post('/chat/completions', {
    schema: { body: chatCompletionBody, summary: 'Create a chat completion (JSON or SSE stream)', tags: ['OpenAI'] },
  }, (request: FastifyRequest<{ Body: Static<typeof chatCompletionBody> }>, reply) => chatCompletion(request, reply, deps));

  await completionRoutes(app, deps);
  await embeddingRoutes(app, deps);
  await modelRoutes(app, deps);
}

async function chatCompletion(request: FastifyRequest<{ Body: Static<typeof chatCompletionBody> }>, reply: FastifyReply, deps: OpenAIDialectDependencies) {
  const body = request.body;
  const chatRequest = toChatRequest(body);
  const context = callContext(request, reply, '/v1/chat/completions');
  const extraWarnings = body.thread_id !== undefined ? [threadWarning] : [];
  const id = `chatcmpl-${randomUUID().replaceAll('-', '')}`;
  const created = Math.floor(Date.now() / 1000);
  if (!body.stream) {
    const result = await deps.chat.generate(body.model, chatRequest, context);
    reply.headers(warningsHeader([...result.warnings, ...extraWarnings]));
    return toChatCompletion(result, id, created, body.model);
  }
  const outcome = await deps.chat.stream(body.model, chatRequest, context);
  const encoder = new ChatChunkEncoder(id, created, body.model, chatRequest.includeUsage === true);
  const choices = chatRequest.n ?? 1;
  await relayStream(reply, outcome.parts, {
    opening: () => Array.from({ length: choices }, (_, index) => encoder.roleChunk(index)),
    encode: (part) => encoder.encode(part),
    error: (error) => JSON.stringify(toOpenAIError(error)),
    closing: () => ['[DONE]'],
  }, extraWarnings);
}
