import type { ChatResult } from '../../spec/index.js';
import { toOpenAIFinishReason, toOpenAIUsage } from './openai-usage.js';

/** A spec result as a `chat.completion` object, with Qiao's id and the model name the client asked for. */
export function toChatCompletion(result: ChatResult, id: string, created: number, model: string): Record<string, unknown> {
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: result.choices.map((choice) => ({
      index: choice.index,
      message: {
        role: 'assistant',
        content: choice.content,
        refusal: null,
        ...(choice.reasoning !== undefined && { reasoning_content: choice.reasoning }),
        ...(choice.toolCalls?.length && {
          tool_calls: choice.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
        }),
      },
      logprobs: null,
      finish_reason: toOpenAIFinishReason(choice.finishReason),
    })),
    ...(result.usage && { usage: toOpenAIUsage(result.usage) }),
  };
}
