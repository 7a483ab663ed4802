import type { ChatMessage } from '../../spec/index.js';

/** How the running summary leads the conversation sent to the model. */
export function summaryMessage(summary: string): ChatMessage {
  return { role: 'system', content: `Summary of the earlier conversation:\n${summary}` };
}

const instructions = 'You keep the memory of a conversation. Write a concise summary of it that keeps every fact, '
  + 'decision, name and open question a later answer may need. Write only the summary, in the language of the conversation.';

/** The request a summary model gets: the previous summary and the messages that fell out, as a transcript. */
export function summaryRequestMessages(previousSummary: string | undefined, messages: ChatMessage[]): ChatMessage[] {
  const transcript = messages.map((message) => `${message.role}: ${plainText(message)}`).join('\n');
  const earlier = previousSummary ? `Summary so far:\n${previousSummary}\n\nConversation since:\n` : 'Conversation:\n';
  return [{ role: 'system', content: instructions }, { role: 'user', content: `${earlier}${transcript}` }];
}

/** A message as one line of text: parts other than text and tool calls are named in brackets. */
export function plainText(message: ChatMessage): string {
  if (message.role === 'assistant' && message.toolCalls?.length) {
    const calls = message.toolCalls.map((call) => `[called ${call.name}(${call.arguments})]`).join(' ');
    return [message.content ?? '', calls].filter(Boolean).join(' ');
  }
  if (message.content === null) return '';
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join(' ');
}
