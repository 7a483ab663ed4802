import type { Usage } from '../../spec/index.js';

/** Spec usage in OpenAI's `usage` shape. */
export function toOpenAIUsage(usage: Usage): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
  if (usage.cachedInputTokens !== undefined) wire.prompt_tokens_details = { cached_tokens: usage.cachedInputTokens };
  if (usage.reasoningTokens !== undefined) wire.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  return wire;
}

/** Finish reasons OpenAI clients understand; `other` has no OpenAI name and is reported as `stop`. */
export function toOpenAIFinishReason(reason: string): string {
  return reason === 'length' || reason === 'tool_calls' || reason === 'content_filter' ? reason : 'stop';
}
