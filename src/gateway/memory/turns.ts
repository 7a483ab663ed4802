import type { ChatMessage } from '../../spec/index.js';

/**
 * Where each turn begins: at every user message that follows a non-user message (and at 0). A turn
 * is a question with the answers, tool calls and tool results after it, so removing whole turns
 * never leaves a tool result without its call or an answer without its question.
 */
export function turnStarts(messages: ChatMessage[]): number[] {
  const starts: number[] = [];
  for (let index = 0; index < messages.length; index++) {
    if (index === 0 || (messages[index]!.role === 'user' && messages[index - 1]!.role !== 'user')) starts.push(index);
  }
  return starts;
}
