import type { ChatMessage, ChatResult, StreamPart, ToolCall, UpstreamConversation } from '../../spec/index.js';

/** The assistant message of choice 0, as a thread stores it (reasoning is not sent back to models, so it is not kept). */
export function answerMessage(content: string | null, toolCalls: ToolCall[]): ChatMessage {
  return { role: 'assistant', content: content === '' && toolCalls.length ? null : content, ...(toolCalls.length && { toolCalls }) };
}

/** The conversation an upstream says it keeps (`providerMetadata[provider].conversation`), when it says so. */
export function upstreamConversationOf(metadata: Record<string, unknown> | undefined, provider: string): UpstreamConversation | undefined {
  const entry = metadata?.[provider];
  if (typeof entry !== 'object' || entry === null) return undefined;
  const conversation = (entry as Record<string, unknown>).conversation;
  if (typeof conversation !== 'object' || conversation === null) return undefined;
  const id = (conversation as Record<string, unknown>).id;
  return typeof id === 'string' && id ? { id } : undefined;
}

/** The answer of a non-streamed result. */
export function resultAnswer(result: ChatResult): ChatMessage | undefined {
  const choice = result.choices.find((each) => each.index === 0);
  return choice && answerMessage(choice.content, choice.toolCalls ?? []);
}

/**
 * Folds the parts of a stream, as they pass, into the answer of choice 0. The answer is complete
 * only when choice 0 finished and no error part came.
 */
export class AnswerCollector {
  private text = '';
  private readonly toolCalls: ToolCall[] = [];
  private finished = false;
  private failed = false;
  /** Provider metadata of choice 0's finish part. */
  providerMetadata: Record<string, unknown> | undefined;

  add(part: StreamPart): void {
    switch (part.type) {
      case 'text-delta': if (part.index === 0) this.text += part.text; break;
      case 'tool-call': if (part.index === 0) this.toolCalls.push({ id: part.id, name: part.name, arguments: part.arguments }); break;
      case 'finish':
        if (part.index === 0) {
          this.finished = true;
          this.providerMetadata = part.providerMetadata;
        }
        break;
      case 'error': this.failed = true; break;
      default: break;
    }
  }

  /** The answer, when the stream completed; undefined when it failed or stopped short. */
  answer(): ChatMessage | undefined {
    return this.finished && !this.failed ? answerMessage(this.text, this.toolCalls) : undefined;
  }
}
