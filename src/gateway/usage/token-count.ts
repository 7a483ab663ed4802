import type { ChatRequest } from '../../spec/index.js';
import { loadTokenCounter, messageTokens, primingTokens } from '../memory/token-counter.js';

/** An estimate of the prompt tokens of a conversation, tools included. */
export async function estimateInputTokens(conversation: Pick<ChatRequest, 'messages' | 'tools'>): Promise<number> {
  const countTokens = await loadTokenCounter();
  let total = primingTokens;
  for (const message of conversation.messages) total += messageTokens(message, countTokens);
  if (conversation.tools?.length) total += countTokens(JSON.stringify(conversation.tools));
  return total;
}

/** An estimate of the tokens of several texts (embedding inputs, streamed answer pieces). */
export async function estimateTextTokens(texts: readonly string[]): Promise<number> {
  const countTokens = await loadTokenCounter();
  let total = 0;
  for (const text of texts) total += countTokens(text);
  return total;
}
