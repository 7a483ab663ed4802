/** US dollars per million tokens; `cachedInput` applies to prompt tokens served from the upstream's cache. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput?: number;
}

/**
 * Approximate public list prices (USD per 1M tokens, checked mid-2025) for common models, by
 * upstream model id; `*` patterns cover dated versions. Override or extend with `prices` in the
 * config: real bills depend on region, tier, batch and currency (Qwen's are converted from CNY).
 */
export const defaultPrices: Record<string, ModelPrice> = {
  'gpt-4o*': { input: 2.5, output: 10, cachedInput: 1.25 },
  'gpt-4o-mini*': { input: 0.15, output: 0.6, cachedInput: 0.075 },
  'gpt-4.1*': { input: 2, output: 8, cachedInput: 0.5 },
  'gpt-4.1-mini*': { input: 0.4, output: 1.6, cachedInput: 0.1 },
  'gpt-4.1-nano*': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gpt-3.5-turbo*': { input: 0.5, output: 1.5 },
  'o1*': { input: 15, output: 60, cachedInput: 7.5 },
  'o1-mini*': { input: 1.1, output: 4.4, cachedInput: 0.55 },
  'o3*': { input: 2, output: 8, cachedInput: 0.5 },
  'o3-mini*': { input: 1.1, output: 4.4, cachedInput: 0.55 },
  'o4-mini*': { input: 1.1, output: 4.4, cachedInput: 0.275 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'claude-opus-4*': { input: 15, output: 75, cachedInput: 1.5 },
  'claude-sonnet-4*': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-3-7-sonnet*': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-3-5-sonnet*': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-3-5-haiku*': { input: 0.8, output: 4, cachedInput: 0.08 },
  'claude-haiku-4*': { input: 1, output: 5, cachedInput: 0.1 },
  'gemini-2.5-pro*': { input: 1.25, output: 10, cachedInput: 0.31 },
  'gemini-2.5-flash*': { input: 0.3, output: 2.5, cachedInput: 0.075 },
  'gemini-2.5-flash-lite*': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'gemini-2.0-flash*': { input: 0.1, output: 0.4, cachedInput: 0.025 },
  'deepseek-chat': { input: 0.27, output: 1.1, cachedInput: 0.07 },
  'deepseek-reasoner': { input: 0.55, output: 2.19, cachedInput: 0.14 },
  'qwen-max*': { input: 1.6, output: 6.4 },
  'qwen-plus*': { input: 0.4, output: 1.2 },
  'qwen-turbo*': { input: 0.05, output: 0.2 },
  'qwen-flash*': { input: 0.05, output: 0.4 },
};
