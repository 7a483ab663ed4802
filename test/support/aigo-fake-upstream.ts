import type { FakeHandler } from './fake-upstream.js';
import { readFixture, sseFromFixture } from './fake-upstream.js';
import { openAIChunks, openAICompletion } from './sse-events.js';

const fixtures = new URL('../../src/providers/openai-compatible/__fixtures__/', import.meta.url);

/** What the fake upstream streams for an ordinary prompt, delta by delta. */
export const fakeAnswerDeltas = ['量子', '计算', '利用', ' qubits', '.'];
export const fakeAnswer = fakeAnswerDeltas.join('');

/** Seed 002's documented generate prompt, answered with code that runs past the documented stop sequence "\n\n\n". */
export const documentedPrompt = '写一个计算两个数的最大公约数的Python函数';
export const gcdBeforeStop = 'def gcd(a, b):\n    """计算两个数的最大公约数"""\n    while b:\n        a, b = b, a % b\n    return a';
const gcdDeltas = ['def gcd(a, b):\n', '    """计算两个数的最大公约数"""\n', '    while b:\n', '        a, b = b, a % b\n', '    return a\n', '\n', '\n# 测试\n', 'print(gcd(48, 18))  # 输出 6'];

interface ChatBody { stream?: boolean; messages: { role: string; content: string }[] }

/**
 * An OpenAI-compatible upstream (mounted at /v1) as an Ollama `/v1` would answer: chat (JSON or
 * SSE) and embeddings with as many dimensions as asked. It never honours `stop`.
 */
export function aigoUpstreamRoutes(): Record<string, FakeHandler> {
  return {
    'POST /v1/chat/completions': (request) => {
      const body = request.body as ChatBody;
      const prompt = body.messages.at(-1)?.content;
      if (prompt === 'fail mid-stream') return { sse: sseFromFixture(readFixture(fixtures, 'openai-error-in-stream.chunks.txt')) };
      const deltas = prompt === documentedPrompt ? gcdDeltas : fakeAnswerDeltas;
      return body.stream ? { sse: openAIChunks(deltas) } : { json: openAICompletion(deltas.join('')) };
    },
    'POST /v1/embeddings': (request) => {
      const body = request.body as { input: string[]; dimensions?: number };
      const vector = Array.from({ length: body.dimensions ?? 4 }, (_, index) => index / 10);
      return {
        json: {
          object: 'list', model: 'bge-m3',
          data: body.input.map((_, index) => ({ object: 'embedding', index, embedding: vector })),
          usage: { prompt_tokens: 5 * body.input.length, total_tokens: 5 * body.input.length },
        },
      };
    },
  };
}
