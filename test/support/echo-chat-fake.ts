/**
 * A fake OpenAI-compatible chat upstream for thread tests: answers `re: <last user message>`
 * (streamed word by word, paced, so turns that were not serialised would interleave), fails
 * mid-stream on `fail mid-stream`, and on `hang` sends one delta and then nothing.
 */
import { startFakeUpstream, type FakeUpstream, type RecordedRequest } from './fake-upstream.js';
import { openAIChunks, openAICompletion } from './sse-events.js';

/** The fake's answer to a user message. */
export const replyTo = (text: string): string => `re: ${text}`;

interface ChatBody { stream?: boolean; messages: { role: string; content: unknown }[] }

/** The `messages` of a recorded upstream request. */
export const sentMessages = (request: RecordedRequest | undefined): { role: string; content: unknown }[] => (request?.body as ChatBody).messages;

/** Starts the fake; its OpenAI base URL is `${baseUrl}/v1`. */
export function startEchoChatFake(paceMs = 5): Promise<FakeUpstream> {
  return startFakeUpstream({
    'POST /v1/chat/completions': (request) => {
      const body = request.body as ChatBody;
      const prompt = String([...body.messages].reverse().find((message) => message.role === 'user')?.content ?? '');
      if (prompt === 'fail mid-stream') {
        return { sse: [openAIChunks(['partial'])[1]!, JSON.stringify({ error: { message: 'overloaded', type: 'server_error', code: null } })], delayMs: paceMs };
      }
      if (prompt === 'hang') return { sse: openAIChunks(['first']).slice(0, 2), end: 'hang' };
      const answer = replyTo(prompt);
      if (!body.stream) return { json: openAICompletion(answer) };
      return { sse: openAIChunks(answer.split(/(?= )/)), delayMs: paceMs };
    },
  });
}

/** A Qiao provider entry for the fake: one model with the given context window. */
export function echoProvider(fake: FakeUpstream, contextWindow = 100_000): Record<string, unknown> {
  return { type: 'openai-compatible', baseUrl: `${fake.baseUrl}/v1`, apiKey: 'sk-fake', discoverModels: false, models: [{ id: 'small', contextWindow }] };
}
