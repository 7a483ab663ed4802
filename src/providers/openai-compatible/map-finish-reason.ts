import type { FinishReason } from '../../spec/index.js';

/** Maps wire finish reasons, including vendor variants, to the spec's. */
export function mapFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'stop': case 'eos': case 'end_turn': return 'stop';
    case 'length': case 'max_tokens': return 'length';
    case 'tool_calls': case 'function_call': return 'tool_calls';
    // Zhipu reports filtered output as `sensitive` (chinese-providers.md).
    case 'content_filter': case 'sensitive': return 'content_filter';
    case 'network_error': case 'error': return 'error';
    default: return 'other';
  }
}
