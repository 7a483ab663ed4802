/**
 * A fake OpenAI-compatible upstream that misbehaves on request: the last user message names the
 * fault, e.g. `503`, `reset`, `hang`, `drip`, `drop`, `malformed`, `big-error`, `big-junk`,
 * `429 1 once-a` (429 with retry-after 1, once per key `once-a`), `recover 3 key-b` (three 503s,
 * then answers). Anything else is answered normally: streamed or not, as asked.
 */
import { startFakeUpstream, type FakeReply, type FakeUpstream } from '../support/fake-upstream.js';
import { openAIChunks, openAICompletion } from '../support/sse-events.js';

/** The words a healthy answer streams. */
export const answerWords = ['Steady', ' and', ' sound', '.'];
/** The text a healthy answer carries. */
export const answerText = answerWords.join('');

const fiftyMegabytes = 50 * 1024 * 1024;

interface ChatBody { stream?: boolean; messages: { content: unknown }[] }

const openAIError = (status: number, message: string, headers: Record<string, string> = {}): FakeReply =>
  ({ status, headers, json: { error: { message, type: status === 429 ? 'rate_limit_error' : 'server_error', param: null, code: null } } });

/** Starts the fake; its OpenAI base URL is `${baseUrl}/v1`. */
export async function startFaultyUpstream(): Promise<FakeUpstream> {
  const seen = new Map<string, number>();
  /** How many times a key was asked for before this request. */
  const count = (key: string) => {
    const times = seen.get(key) ?? 0;
    seen.set(key, times + 1);
    return times;
  };
  const healthy = (body: ChatBody): FakeReply => (body.stream ? { sse: openAIChunks(answerWords) } : { json: openAICompletion(answerText) });
  const chunks = openAIChunks(answerWords);

  return startFakeUpstream({
    'POST /v1/chat/completions': (request) => {
      const body = request.body as ChatBody;
      const [fault = '', ...args] = String(body.messages.at(-1)?.content ?? '').split(' ');
      switch (fault) {
        case '500': return openAIError(500, 'internal error');
        case '503': return openAIError(503, 'overloaded');
        case '429': return count(args[1] ?? '') === 0 ? openAIError(429, 'slow down', { 'retry-after': args[0] ?? '1' }) : healthy(body);
        case 'recover': return count(args[1] ?? '') < Number(args[0]) ? openAIError(503, 'still warming up') : healthy(body);
        case 'reset': return { reset: true };
        case 'hang': return new Promise<FakeReply>(() => undefined);
        case 'silent': return { raw: [], end: 'hang' };
        case 'drip': return { sse: chunks, delayMs: 30 };
        case 'drop': return { sse: chunks.slice(0, 3), end: 'destroy' };
        case 'stall': return { sse: chunks.slice(0, 2), end: 'hang' };
        case 'malformed': return { raw: [`data: ${chunks[0]}\n\n`, `data: ${chunks[1]}\n\n`, 'data: {"choices":[{"delta":{"content":\n\n', `data: ${chunks[2]}\n\n`] };
        case 'big-error': return { status: 500, headers: { 'content-type': 'text/plain' }, raw: [Buffer.alloc(fiftyMegabytes, 'x')] };
        case 'big-junk': return { status: 200, headers: { 'content-type': 'application/json' }, raw: [Buffer.alloc(fiftyMegabytes, '{')] };
        default: return healthy(body);
      }
    },
  });
}
