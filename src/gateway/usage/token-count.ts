import type { ChatMessage, ChatRequest } from '../../spec/index.js';

/** Counts the tokens of a text. */
export type CountTokens = (text: string) => number;
let tokenizer: Promise<CountTokens> | undefined;

/** The tokenizer (gpt-tokenizer, o200k_base), loaded on first use: its tables cost start-up time. */
export function loadTokenizer(): Promise<CountTokens> {
  tokenizer ??= import('gpt-tokenizer').then((module) => module.countTokens);
  return tokenizer;
}

// OpenAI's chat framing: a few tokens per message and to prime the answer.
const perMessage = 3;
const priming = 3;
// Images and documents cannot be measured without decoding them; Anthropic's own estimate for a
// full-size image is about 1,600 tokens (https://docs.claude.com/en/docs/build-with-claude/vision).
const perAttachment = 1600;

function messageTokens(message: ChatMessage, countTokens: CountTokens): number {
  switch (message.role) {
    case 'system': case 'tool': return countTokens(message.content);
    case 'user':
      if (typeof message.content === 'string') return countTokens(message.content);
      return message.content.reduce((sum, part) => sum + (part.type === 'text' ? countTokens(part.text) : perAttachment), 0);
    case 'assistant': {
      const calls = message.toolCalls?.reduce((sum, call) => sum + countTokens(call.name) + countTokens(call.arguments), 0) ?? 0;
      return countTokens(message.content ?? '') + calls;
    }
  }
}

/** An estimate of the prompt tokens of a conversation, tools included. */
export async function estimateInputTokens(conversation: Pick<ChatRequest, 'messages' | 'tools'>): Promise<number> {
  const countTokens = await loadTokenizer();
  let total = priming;
  for (const message of conversation.messages) total += perMessage + messageTokens(message, countTokens);
  if (conversation.tools?.length) total += countTokens(JSON.stringify(conversation.tools));
  return total;
}

/** An estimate of the tokens of several texts (embedding inputs, streamed answer pieces). */
export async function estimateTextTokens(texts: readonly string[]): Promise<number> {
  const countTokens = await loadTokenizer();
  let total = 0;
  for (const text of texts) total += countTokens(text);
  return total;
}
