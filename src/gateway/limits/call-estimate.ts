import type { ChatRequest, EmbeddingRequest } from '../../spec/index.js';
import { estimateInputTokens, estimateTextTokens } from '../usage/token-count.js';

/** Tokens a call is expected to use before it runs. */
export interface CallEstimate {
  inputTokens: number;
  outputTokens: number;
}

/**
 * Prompt tokens counted with the tokenizer, plus the answer's ceiling: `max_tokens` (per choice)
 * when the client sent one, else the configured default estimate. Embeddings have no output.
 */
export async function estimateCall(request: ChatRequest | EmbeddingRequest, defaultOutputTokens: number): Promise<CallEstimate> {
  if (!('messages' in request)) return { inputTokens: await estimateTextTokens(request.input), outputTokens: 0 };
  const inputTokens = await estimateInputTokens(request);
  return { inputTokens, outputTokens: (request.maxTokens ?? defaultOutputTokens) * (request.n ?? 1) };
}
