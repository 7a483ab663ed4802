import type { Usage } from '../../spec/index.js';
import type { OpenAICompatibleUsage } from './openai-compatible-api.js';

/** Maps wire usage (OpenAI's, with DeepSeek's and Moonshot's cache fields) to the spec's. */
export function mapUsage(usage: OpenAICompatibleUsage): Usage {
  const result: Usage = {
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? Math.max(0, (usage.total_tokens ?? 0) - (usage.prompt_tokens ?? 0)),
  };
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning != null) result.reasoningTokens = reasoning;
  const cached = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? usage.cached_tokens;
  if (cached != null) result.cachedInputTokens = cached;
  return result;
}
