import { tokenCountMethod } from '../../gateway/memory/token-counter.js';

export { estimateInputTokens } from '../../gateway/usage/token-count.js';

/** What the `count_tokens` answer says about how it was counted (also sent as a header). */
export const countMethod = tokenCountMethod;
