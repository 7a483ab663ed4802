import type { FinishReason } from '../../spec/index.js';

// Finish and block reasons that mean the answer was withheld by a filter (gemini.md §3, js-genai `FinishReason`).
const filtered = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'OTHER_SAFETY']);

/** Gemini `finishReason` to the spec's; a function call ends with STOP on the wire, reported as `tool_calls`. */
export function mapGeminiFinishReason(reason: string, calledTools: boolean): FinishReason {
  if (reason === 'STOP') return calledTools ? 'tool_calls' : 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (filtered.has(reason)) return 'content_filter';
  return 'other';
}

/** A `promptFeedback.blockReason` (prompt rejected, no candidates) to the spec's. */
export function mapGeminiBlockReason(reason: string): FinishReason {
  return reason === 'BLOCK_REASON_UNSPECIFIED' ? 'other' : 'content_filter';
}
