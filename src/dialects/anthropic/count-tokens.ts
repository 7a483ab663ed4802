export { estimateInputTokens } from '../../gateway/usage/token-count.js';

/** What the `count_tokens` answer says about how it was counted (also sent as a header). */
export const countMethod = 'gpt-tokenizer o200k_base; an estimate for models with other tokenizers (e.g. Claude)';
