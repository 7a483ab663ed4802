import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { ApiKeyGuard, ChatService, ModelRegistry, ThreadService } from '../../gateway/index.js';
import { callContext } from '../shared/call-context.js';
import { installDialect } from '../shared/install-dialect.js';
import { relayStream } from '../shared/relay-stream.js';
import { threadIdOf } from '../shared/thread-id.js';
import { warningsHeader } from '../shared/warnings-header.js';
import { ChatChunkEncoder } from './chat-chunk-encoder.js';
import { toChatCompletion } from './chat-completion-response.js';
import { completionRoutes } from './completion-routes.js';
import { embeddingRoutes } from './embedding-routes.js';
import { modelRoutes } from './model-routes.js';
import { toOpenAIError } from './openai-error.js';
import { chatCompletionBody } from './openai-schemas.js';
import { threadRoutes } from './thread-routes.js';
import { toChatRequest } from './to-chat-request.js';

/** What the openai dialect needs from the gateway. */
export interface OpenAIDialectDependencies {
  chat: ChatService;
  registry: ModelRegistry;
  guard: ApiKeyGuard;
  threads: ThreadService;
}

/** OpenAI's `/v1/*` API: chat completions, completions, embeddings, models. */
export async function openAIDialect(app: FastifyInstance, deps: OpenAIDialectDependencies): Promise<void> {
  installDialect(app, deps.guard, toOpenAIError);

  app.post('/chat/completions', {
    schema: { body: chatCompletionBody, summary: 'Create a chat completion (JSON or SSE stream)', tags: ['OpenAI'] },
  }, (request: FastifyRequest<{ Body: Static<typeof chatCompletionBody> }>, reply) => chatCompletion(request, reply, deps));

  await completionRoutes(app, deps);
  await embeddingRoutes(app, deps);
  await modelRoutes(app, deps);
  await threadRoutes(app, deps);
}

async function chatCompletion(request: FastifyRequest<{ Body: Static<typeof chatCompletionBody> }>, reply: FastifyReply, deps: OpenAIDialectDependencies) {
  const body = request.body;
  const chatRequest = toChatRequest(body);
  const context = callContext(request, reply, '/v1/chat/completions');
  const threadId = threadIdOf(body.thread_id, request.headers);
  const id = `chatcmpl-${randomUUID().replaceAll('-', '')}`;
  const created = Math.floor(Date.now() / 1000);
  if (!body.stream) {
    const result = threadId === undefined
      ? await deps.chat.generate(body.model, chatRequest, context)
      : await deps.threads.generate(body.model, chatRequest, context, threadId);
    reply.headers(warningsHeader(result.warnings));
    return toChatCompletion(result, id, created, body.model);
  }
  const outcome = threadId === undefined
    ? await deps.chat.stream(body.model, chatRequest, context)
    : await deps.threads.stream(body.model, chatRequest, context, threadId);
  // Returned, not awaited: an awaiting handler would keep its frame for as long as the stream is open.
  return relayStream(reply, outcome.parts, new ChatChunkEncoder(id, created, body.model, chatRequest.includeUsage === true, chatRequest.n ?? 1));
}
