/**
 * A fake OpenAI-compatible `POST /v1/chat/completions` upstream: `openAIFakeText` (streamed as three
 * deltas), a `get_weather` call for Paris when tools are given, and failures by prompt:
 * `rate limit me` (429 with retry-after) and `fail mid-stream`.
 */
import { readFixture, sseFromFixture, startFakeUpstream, type FakeReply, type FakeUpstream } from './fake-upstream.js';
import { openAIChunks, openAICompletion } from './sse-events.js';

const openAIFixtures = new URL('../../src/providers/openai-compatible/__fixtures__/', import.meta.url);

/** The text the fake answers, stream or not. */
export const openAIFakeText = 'Hello from OpenAI';
/** The tool call the fake makes when the request has tools. */
export const openAIFakeToolCall = { name: 'get_weather', arguments: { location: 'Paris' } };

interface ChatBody { stream?: boolean; tools?: unknown[]; messages: { content: unknown }[] }

/** The fake's answer to one chat completion request body. */
export function answerChat(body: ChatBody): FakeReply {
  const prompt = body.messages.at(-1)?.content;
  if (prompt === 'rate limit me') return { status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } } };
  if (prompt === 'fail mid-stream') return { sse: sseFromFixture(readFixture(openAIFixtures, 'openai-error-in-stream.chunks.txt')) };
  if (body.tools) {
    const call = (args: string, first: boolean) => ({ index: 0, ...(first && { id: 'call_weather_1', type: 'function' }), function: { ...(first && { name: 'get_weather' }), arguments: args } });
    const chunk = (delta: unknown, finish: string | null = null) => JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'f', choices: [{ index: 0, delta, finish_reason: finish }] });
    if (body.stream) return { sse: [chunk({ role: 'assistant', tool_calls: [call('', true)] }), chunk({ tool_calls: [call('{"location":', false)] }), chunk({ tool_calls: [call('"Paris"}', false)] }), chunk({}, 'tool_calls'), '[DONE]'] };
    return { json: { id: 'c', object: 'chat.completion', created: 1, model: 'f', choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_weather_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } }] }, finish_reason: 'tool_calls' }] } };
  }
  return body.stream ? { sse: openAIChunks(['Hello', ' from', ' OpenAI']) } : { json: openAICompletion(openAIFakeText) };
}

/** Starts the fake; its OpenAI base URL is `${baseUrl}/v1`. */
export function startFakeOpenAIChat(): Promise<FakeUpstream> {
  return startFakeUpstream({ 'POST /v1/chat/completions': (request) => answerChat(request.body as ChatBody) });
}
