import { randomUUID } from 'node:crypto';
import type { ChatChoice, FinishReason, Usage } from '../../spec/index.js';

/** A message id in Anthropic's style, Qiao's own. */
export const messageId = (): string => `msg_${randomUUID().replaceAll('-', '')}`;

/** The spec finish reason as Anthropic's `stop_reason`. */
export function toStopReason(reason: FinishReason): string {
  switch (reason) {
    case 'length': return 'max_tokens';
    case 'tool_calls': return 'tool_use';
    case 'content_filter': return 'refusal';
    default: return 'end_turn';
  }
}

/** Spec usage in Anthropic's shape: `input_tokens` excludes what was read from the prompt cache. */
export function toAnthropicUsage(usage: Usage | undefined): Record<string, number | null> {
  const cached = usage?.cachedInputTokens;
  return {
    input_tokens: Math.max(0, (usage?.inputTokens ?? 0) - (cached ?? 0)),
    output_tokens: usage?.outputTokens ?? 0,
    cache_creation_input_tokens: null,
    cache_read_input_tokens: cached ?? null,
  };
}

/** Tool call arguments (a JSON string) as the `input` object Anthropic clients expect. */
export function toolInput(argumentsText: string): unknown {
  try {
    const input: unknown = JSON.parse(argumentsText || '{}');
    return typeof input === 'object' && input !== null && !Array.isArray(input) ? input : { value: input };
  } catch {
    // A model that produced broken JSON: pass its text on rather than lose it.
    return { arguments: argumentsText };
  }
}

/** A finished answer as an Anthropic `Message`, with Qiao's id and the model name the client asked for. */
export function toMessage(choice: ChatChoice | undefined, usage: Usage | undefined, model: string): Record<string, unknown> {
  const content: Record<string, unknown>[] = [];
  if (choice?.reasoning) content.push({ type: 'thinking', thinking: choice.reasoning, signature: '' });
  if (choice?.content || (choice?.content === '' && !choice.toolCalls?.length)) content.push({ type: 'text', text: choice.content });
  for (const call of choice?.toolCalls ?? []) content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
  return {
    id: messageId(),
    type: 'message',
    role: 'assistant',
    model,
    content,
    stop_reason: toStopReason(choice?.finishReason ?? 'stop'),
    stop_sequence: null,
    usage: toAnthropicUsage(usage),
  };
}
