import type { ChatRequest, ChatResult, StreamPart, Usage } from '../../spec/index.js';
import { estimateInputTokens, estimateTextTokens } from './token-count.js';

/**
 * What a stream produced, kept as it passes (one array push per delta), so that usage can be
 * counted when the upstream does not report it and the answer can be logged when bodies are on.
 */
export class StreamTally {
  // Made on first use: most streams carry one kind of output, and thousands of streams may be open.
  private text: string[] | undefined;
  private reasoning: string[] | undefined;
  private toolArguments: string[] | undefined;

  /** Notes one part. */
  add(part: StreamPart): void {
    switch (part.type) {
      case 'text-delta': (this.text ??= []).push(part.text); break;
      case 'reasoning-delta': (this.reasoning ??= []).push(part.text); break;
      case 'tool-call-delta': (this.toolArguments ??= []).push(part.argumentsDelta); break;
    }
  }

  /** Usage counted with the tokenizer: the prompt, and every piece of output seen; marked estimated. */
  async estimate(request: ChatRequest): Promise<Usage> {
    return estimateUsage(request, [joined(this.text), joined(this.reasoning), joined(this.toolArguments)]);
  }

  /** The answer as relayed, for the usage log. */
  response(): { content: string; reasoning?: string } {
    return { content: joined(this.text), ...(this.reasoning && { reasoning: joined(this.reasoning) }) };
  }
}

const joined = (pieces: string[] | undefined): string => pieces?.join('') ?? '';

/** Usage counted with the tokenizer for a request and the texts it produced; marked estimated. */
export async function estimateUsage(request: ChatRequest, outputs: string[]): Promise<Usage> {
  const [inputTokens, outputTokens] = await Promise.all([estimateInputTokens(request), estimateTextTokens(outputs.filter(Boolean))]);
  return { inputTokens, outputTokens, estimated: true };
}

/** Usage of a complete answer that came without it. */
export function estimateResultUsage(request: ChatRequest, result: ChatResult): Promise<Usage> {
  return estimateUsage(request, result.choices.flatMap((choice) => [
    choice.content ?? '', choice.reasoning ?? '', ...(choice.toolCalls ?? []).map((call) => call.arguments),
  ]));
}
