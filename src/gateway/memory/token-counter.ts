import type { ChatMessage } from '../../spec/index.js';

/** Counts the tokens of a text. */
export type CountTokens = (text: string) => number;

let tokenizer: Promise<CountTokens> | undefined;

// BPE time grows with the square of a run without spaces (32 KB of "xxx…" or of CJK took seconds,
// blocking the event loop): long texts are counted in slices, which changes the estimate by at most
// a token per slice.
const sliceLength = 1024;

/** Counts `text` in slices of at most 1,024 UTF-16 units, never splitting a surrogate pair. */
export function countInSlices(countTokens: CountTokens, text: string): number {
  if (text.length <= sliceLength) return countTokens(text);
  let total = 0;
  for (let start = 0; start < text.length;) {
    let end = Math.min(start + sliceLength, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    total += countTokens(text.slice(start, end));
    start = end;
  }
  return total;
}

/** Texts shorter than this are counted again each time (cheaper than remembering them). */
const rememberedFrom = 256;
/** The remembered texts' total length, in UTF-16 units (about 8 MB of strings). */
const rememberedBudget = 4_000_000;

/**
 * Remembers the counts of long texts, least recently used first out. A conversation resends its
 * whole history every turn and budgets count every prompt before the call: without this, each
 * turn of a 16 KB history paid ~0.5 ms of tokenizer time on the event loop for the same text.
 */
export function rememberingCounts(countTokens: CountTokens, budget = rememberedBudget): CountTokens {
  const counts = new Map<string, number>();
  let remembered = 0;
  return (text) => {
    if (text.length < rememberedFrom) return countTokens(text);
    const known = counts.get(text);
    if (known !== undefined) {
      counts.delete(text);
      counts.set(text, known);
      return known;
    }
    const count = countTokens(text);
    if (text.length > budget) return count;
    counts.set(text, count);
    remembered += text.length;
    for (const oldest of counts.keys()) {
      if (remembered <= budget) break;
      counts.delete(oldest);
      remembered -= oldest.length;
    }
    return count;
  };
}

/** The tokenizer (gpt-tokenizer, o200k_base), loaded on first use: its tables cost start-up time that only token counting needs. */
export function loadTokenCounter(): Promise<CountTokens> {
  tokenizer ??= import('gpt-tokenizer').then((module) => rememberingCounts((text: string) => countInSlices(module.countTokens, text)));
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
