import type { ChatChoice, ChatResult, StreamPart, ToolCall, Usage, Warning } from '../spec/index.js';

/**
 * Folds the StreamParts of one finished answer into a ChatResult, for providers whose non-stream
 * response has the same shape as a stream chunk (one state machine serves both). An `error` part
 * is thrown: a non-stream call has nothing sent yet, so the router may still retry.
 */
export function collectChatResult(parts: Iterable<StreamPart>, warnings: Warning[], upstreamId?: string): ChatResult {
  const choices = new Map<number, { text: string; reasoning: string; toolCalls: ToolCall[]; finish?: ChatChoice['finishReason'] }>();
  const choice = (index: number) => {
    let entry = choices.get(index);
    if (!entry) choices.set(index, entry = { text: '', reasoning: '', toolCalls: [] });
    return entry;
  };
  let usage: Usage | undefined;
  for (const part of parts) {
    switch (part.type) {
      case 'text-delta': choice(part.index).text += part.text; break;
      case 'reasoning-delta': choice(part.index).reasoning += part.text; break;
      case 'tool-call': choice(part.index).toolCalls.push({ id: part.id, name: part.name, arguments: part.arguments }); break;
      case 'finish': choice(part.index).finish = part.finishReason; break;
      case 'usage': usage = part.usage; break;
      case 'error': throw part.error;
      default: break;
    }
  }
  if (choices.size === 0) choice(0);
  return {
    choices: [...choices.entries()].sort(([a], [b]) => a - b).map(([index, entry]) => ({
      index,
      content: entry.text.length > 0 || entry.toolCalls.length === 0 ? entry.text : null,
      ...(entry.reasoning ? { reasoning: entry.reasoning } : {}),
      ...(entry.toolCalls.length ? { toolCalls: entry.toolCalls } : {}),
      finishReason: entry.finish ?? 'stop',
    })),
    usage,
    warnings,
    upstreamId,
  };
}
