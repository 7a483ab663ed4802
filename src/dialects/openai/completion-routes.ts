import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { ChatRequest, StreamPart, Warning } from '../../spec/index.js';
import { callContext } from '../shared/call-context.js';
import { relayStream } from '../shared/relay-stream.js';
import { warningsHeader } from '../shared/warnings-header.js';
import type { OpenAIDialectDependencies } from './openai-plugin.js';
import { toOpenAIError } from './openai-error.js';
import { completionBody, knownCompletionFields } from './openai-schemas.js';
import { toOpenAIFinishReason, toOpenAIUsage } from './openai-usage.js';
import { providerOptionsOf } from './to-chat-request.js';

type CompletionBody = Static<typeof completionBody>;

const chatMappingWarning: Warning = {
  code: 'parameter-adjusted', param: 'prompt',
  message: 'Qiao serves /v1/completions through the chat API: the prompt was sent as one user message.',
};

function toRequest(body: CompletionBody): ChatRequest {
  const prompt = typeof body.prompt === 'string' ? body.prompt : body.prompt[0]!;
  const request: ChatRequest = { messages: [{ role: 'user', content: prompt }] };
  if (body.max_tokens != null) request.maxTokens = body.max_tokens;
  if (body.temperature != null) request.temperature = body.temperature;
  if (body.top_p != null) request.topP = body.top_p;
  if (body.n != null) request.n = body.n;
  if (body.stop != null) request.stop = typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (body.seed != null) request.seed = body.seed;
  if (body.presence_penalty != null) request.presencePenalty = body.presence_penalty;
  if (body.frequency_penalty != null) request.frequencyPenalty = body.frequency_penalty;
  if (body.user !== undefined) request.user = body.user;
  const providerOptions = providerOptionsOf(body, knownCompletionFields);
  if (providerOptions) request.providerOptions = providerOptions;
  return request;
}

/** Legacy `POST /v1/completions`, served by chat models. */
export async function completionRoutes(app: FastifyInstance, deps: OpenAIDialectDependencies): Promise<void> {
  app.post('/completions', {
    schema: { body: completionBody, summary: 'Create a (legacy) text completion', tags: ['OpenAI'] },
  }, async (request: FastifyRequest<{ Body: CompletionBody }>, reply) => {
    const body = request.body;
    const chatRequest = toRequest(body);
    const prompt = (chatRequest.messages[0]!.content as string);
    const echo = body.echo === true ? prompt : '';
    const context = callContext(request, reply, '/v1/completions');
    const id = `cmpl-${randomUUID().replaceAll('-', '')}`;
    const created = Math.floor(Date.now() / 1000);
    const head = { id, object: 'text_completion', created, model: body.model };
    if (!body.stream) {
      const result = await deps.chat.generate(body.model, chatRequest, context);
      reply.headers(warningsHeader([chatMappingWarning, ...result.warnings]));
      return {
        ...head,
        choices: result.choices.map((choice) => ({
          text: echo + (choice.content ?? ''), index: choice.index, logprobs: null, finish_reason: toOpenAIFinishReason(choice.finishReason),
        })),
        ...(result.usage && { usage: toOpenAIUsage(result.usage) }),
      };
    }
    const outcome = await deps.chat.stream(body.model, chatRequest, context);
    const includeUsage = body.stream_options?.include_usage === true;
    const text = (index: number, value: string, finish: string | null) =>
      JSON.stringify({ ...head, choices: [{ text: value, index, logprobs: null, finish_reason: finish }] });
    await relayStream(reply, outcome.parts, {
      opening: () => (echo ? Array.from({ length: chatRequest.n ?? 1 }, (_, index) => text(index, echo, null)) : []),
      encode: (part: StreamPart) => {
        if (part.type === 'text-delta') return text(part.index, part.text, null);
        if (part.type === 'finish') return text(part.index, '', toOpenAIFinishReason(part.finishReason));
        if (part.type === 'usage' && includeUsage) return JSON.stringify({ ...head, choices: [], usage: toOpenAIUsage(part.usage) });
        return undefined;
      },
      error: (error) => JSON.stringify(toOpenAIError(error)),
      closing: () => ['[DONE]'],
    }, [chatMappingWarning]);
  });
}
