import type { Usage } from '../../spec/index.js';

/** Seed 000's usage object, or undefined when the upstream reported none. */
export function toAiCoreUsage(usage: Usage | undefined): { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined {
  if (!usage) return undefined;
  return { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
}
