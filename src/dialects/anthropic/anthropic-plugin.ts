import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { ApiKeyGuard, ChatService, ModelRegistry, ThreadService } from '../../gateway/index.js';
import { callContext } from '../shared/call-context.js';
import { installDialect } from '../shared/install-dialect.js';
import { relayStream } from '../shared/relay-stream.js';
import { threadIdOf } from '../shared/thread-id.js';
import { warningsHeader } from '../shared/warnings-header.js';
import { toAnthropicError } from './anthropic-error.js';
import { countTokensBody, messagesBody } from './anthropic-schemas.js';
import { countMethod, estimateInputTokens } from './count-tokens.js';
import { toMessage } from './message-response.js';
import { MessageStreamEncoder } from './message-stream-encoder.js';
import { toChatRequest, toConversation } from './to-chat-request.js';

/** What the anthropic dialect needs from the gateway. */
export interface AnthropicDialectDependencies {
  chat: ChatService;
  registry: ModelRegistry;
  guard: ApiKeyGuard;
  threads: ThreadService;
}

type MessagesRequest = FastifyRequest<{ Body: Static<typeof messagesBody> }>;
type CountTokensRequest = FastifyRequest<{ Body: Static<typeof countTokensBody> }>;

/** Anthropic's Messages API under `/v1/messages`, for every model in the registry (docs/anthropic-api.md). */
export async function anthropicDialect(app: FastifyInstance, deps: AnthropicDialectDependencies): Promise<void> {
  installDialect(app, deps.guard, toAnthropicError);

  app.post('/', {
    schema: { body: messagesBody, summary: 'Create a message, Anthropic Messages API shape (JSON or SSE stream)', tags: ['Anthropic'] },
  }, (request: MessagesRequest, reply) => createMessage(request, reply, deps));

  app.post('/count_tokens', {
    schema: { body: countTokensBody, summary: 'Estimate the input tokens of a message request', tags: ['Anthropic'] },
  }, async (request: CountTokensRequest, reply) => {
    deps.registry.resolve(request.body.model);
    reply.header('x-qiao-token-count', countMethod);
    return { input_tokens: await estimateInputTokens(toConversation(request.body)) };
  });
}

async function createMessage(request: MessagesRequest, reply: FastifyReply, deps: AnthropicDialectDependencies) {
  const body = request.body;
  const chatRequest = toChatRequest(body);
  const context = callContext(request, reply, '/v1/messages');
  const threadId = threadIdOf(body.thread_id, request.headers);
  if (!body.stream) {
    const result = threadId === undefined
      ? await deps.chat.generate(body.model, chatRequest, context)
      : await deps.threads.generate(body.model, chatRequest, context, threadId);
    reply.headers(warningsHeader(result.warnings));
    return toMessage(result.choices[0], result.usage, body.model);
  }
  const outcome = threadId === undefined
    ? await deps.chat.stream(body.model, chatRequest, context)
    : await deps.threads.stream(body.model, chatRequest, context, threadId);
  const encoder = new MessageStreamEncoder(body.model);
  // Returned, not awaited: an awaiting handler would keep its frame for as long as the stream is open.
  return relayStream(reply, outcome.parts, {
    opening: () => encoder.opening(),
    encode: (part) => encoder.encode(part),
    error: (error) => ({ event: 'error', data: JSON.stringify(toAnthropicError(error)) }),
    closing: () => encoder.closing(),
  });
}
