import type { ChatMessage } from '../../spec/index.js';

/** Counts the tokens of a text. */
export type CountTokens = (text: string) => number;

let tokenizer: Promise<CountTokens> | undefined;

/** The tokenizer (gpt-tokenizer, o200k_base), loaded on first use: its tables cost start-up time that only token counting needs. */
export function loadTokenCounter(): Promise<CountTokens> {
  tokenizer ??= import('gpt-tokenizer').then((module) => module.countTokens);
  return tokenizer;
}

/** How the counts are made, for answers that report one. */
export const tokenCountMethod = 'gpt-tokenizer o200k_base; an estimate for models with other tokenizers (e.g. Claude)';

/** OpenAI's chat framing: a few tokens per message. */
export const tokensPerMessage = 3;
/** …and a few to prime the answer, once per request. */
export const primingTokens = 3;
// Images and documents cannot be measured without decoding them; Anthropic's own estimate for a
// full-size image is about 1,600 tokens (https://docs.claude.com/en/docs/build-with-claude/vision).
const perAttachment = 1600;

/** The tokens of one message's content and tool calls, without the per-message framing. */
export function contentTokens(message: ChatMessage, countTokens: CountTokens): number {
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

/** The tokens one message costs in a request: its framing plus its content. */
export function messageTokens(message: ChatMessage, countTokens: CountTokens): number {
  return tokensPerMessage + contentTokens(message, countTokens);
}
