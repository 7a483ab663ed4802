import { loadTokenCounter, messageTokens, primingTokens, tokenCountMethod } from '../../gateway/memory/token-counter.js';
import type { ChatRequest } from '../../spec/index.js';

/** What the `count_tokens` answer says about how it was counted (also sent as a header). */
export const countMethod = tokenCountMethod;

/** An estimate of the prompt tokens of a conversation, tools included. */
export async function estimateInputTokens(conversation: Pick<ChatRequest, 'messages' | 'tools'>): Promise<number> {
  const countTokens = await loadTokenCounter();
  let total = primingTokens;
  for (const message of conversation.messages) total += messageTokens(message, countTokens);
  if (conversation.tools?.length) total += countTokens(JSON.stringify(conversation.tools));
  return total;
}
