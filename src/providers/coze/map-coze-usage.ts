import type { Usage } from '../../spec/index.js';
import type { CozeUsage } from './coze-api.js';

/** Coze's `{token_count, input_count, output_count}` as spec usage; undefined when it reports nothing. */
export function mapCozeUsage(usage: CozeUsage | null | undefined): Usage | undefined {
  if (!usage) return undefined;
  const inputTokens = usage.input_count ?? 0;
  const outputTokens = usage.output_count ?? Math.max(0, (usage.token_count ?? 0) - inputTokens);
  return { inputTokens, outputTokens };
}
