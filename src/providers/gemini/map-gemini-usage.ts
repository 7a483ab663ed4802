import type { Usage } from '../../spec/index.js';
import type { GeminiUsage } from './gemini-api.js';

/** `usageMetadata` to the spec's usage: thoughts are output (not in `candidatesTokenCount` on the wire). */
export function mapGeminiUsage(usage: GeminiUsage): Usage {
  const thoughts = usage.thoughtsTokenCount ?? 0;
  const result: Usage = {
    inputTokens: (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0),
    outputTokens: (usage.candidatesTokenCount ?? 0) + thoughts,
  };
  if (usage.thoughtsTokenCount != null) result.reasoningTokens = thoughts;
  if (usage.cachedContentTokenCount != null) result.cachedInputTokens = usage.cachedContentTokenCount;
  return result;
}
