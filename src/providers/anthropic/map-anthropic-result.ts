import type { FinishReason, Usage } from '../../spec/index.js';
import type { AnthropicUsage } from './anthropic-api.js';

/** Anthropic's `stop_reason` as the spec's finish reason (../shared/protocols/anthropic.md §3). */
export function mapStopReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn': case 'stop_sequence': case null: case undefined: return 'stop';
    case 'max_tokens': case 'model_context_window_exceeded': return 'length';
    case 'tool_use': return 'tool_calls';
    case 'refusal': return 'content_filter';
    default: return 'other'; // pause_turn and anything newer
  }
}

/**
 * Anthropic's usage as the spec's. Anthropic's `input_tokens` counts only the uncached part of the
 * prompt, so cache reads and writes are added back: `inputTokens` is the whole prompt.
 */
export function mapAnthropicUsage(usage: AnthropicUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const result: Usage = {
    inputTokens: (usage.input_tokens ?? 0) + cacheRead + (usage.cache_creation_input_tokens ?? 0),
    outputTokens: usage.output_tokens ?? 0,
  };
  if (usage.cache_read_input_tokens != null) result.cachedInputTokens = cacheRead;
  return result;
}

/** Folds a later usage report (message_delta, cumulative) over an earlier one (message_start). */
export function mergeUsage(earlier: AnthropicUsage | undefined, later: AnthropicUsage): AnthropicUsage {
  const merged: AnthropicUsage = { ...earlier };
  for (const [key, value] of Object.entries(later) as [keyof AnthropicUsage, number | null | undefined][]) {
    if (value != null) merged[key] = value;
  }
  return merged;
}
