import type { FinishReason, StreamPart, Usage } from '../../spec/index.js';
import type { StreamEncoding } from '../shared/relay-stream.js';
import { toAigoError } from './aigo-error.js';

/** AIgo's usage object; absent when the upstream did not report usage. */
export function toAigoUsage(usage: Usage | undefined): { usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number } } {
  if (!usage) return {};
  return { usage: { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens } };
}

/** AIgo finish reasons are OpenAI's words, which the spec's are too. */
export function toAigoFinishReason(reason: FinishReason): string {
  return reason;
}

const errorEvent = (error: Parameters<typeof toAigoError>[0]) => JSON.stringify(toAigoError(error));

/**
 * `POST /generate` with `stream: true`: `data: {"text": …, "finish_reason": null}` per delta, the
 * last event with the finish reason (and empty text). Reasoning is not part of AIgo's text.
 */
export function generateStreamEncoding(): StreamEncoding {
  return {
    opening: () => [],
    encode: (part: StreamPart) => {
      if ('index' in part && part.index !== 0) return undefined;
      if (part.type === 'text-delta') return `{"text":${JSON.stringify(part.text)},"finish_reason":null}`;
      if (part.type === 'finish') return `{"text":"","finish_reason":"${toAigoFinishReason(part.finishReason)}"}`;
      return undefined;
    },
    error: errorEvent,
    closing: () => [],
  };
}

/**
 * `POST /chat/stream`: `data: {"delta": {"role": "assistant", "content": …}, "finish_reason": null}`,
 * the role on the first event only; the last event carries the finish reason.
 */
export function chatStreamEncoding(): StreamEncoding {
  let rolePending = true;
  const delta = (content: string, finishReason: string | null) => {
    const role = rolePending ? '"role":"assistant",' : '';
    rolePending = false;
    return `{"delta":{${role}"content":${JSON.stringify(content)}},"finish_reason":${finishReason === null ? 'null' : `"${finishReason}"`}}`;
  };
  return {
    opening: () => [],
    encode: (part: StreamPart) => {
      if ('index' in part && part.index !== 0) return undefined;
      if (part.type === 'text-delta') return delta(part.text, null);
      if (part.type === 'finish') return delta('', toAigoFinishReason(part.finishReason));
      return undefined;
    },
    error: errorEvent,
    closing: () => [],
  };
}
