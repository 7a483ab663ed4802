import { setTimeout as sleep } from 'node:timers/promises';
import { ClientClosedError } from '../../errors/index.js';
import type { CallOptions, ChatModel, ChatRequest, ChatResult, StreamPart } from '../../spec/index.js';
import { countPieces, lastUserText, limitAnswer, wordPieces } from './mock-text.js';

/** What a mock model does: `echo` repeats the last user message, `think` reasons first, `tools` calls the first tool. */
export type MockBehaviour = 'echo' | 'think' | 'tools';

const emptyPromptAnswer = 'Hello from the Qiao mock model. Send a message and it is echoed back.';

interface PlannedAnswer {
  reasoning: string[];
  text: string[];
  toolCall?: { id: string; name: string; arguments: string };
  finishReason: 'stop' | 'length' | 'tool_calls';
}

/** A deterministic, offline chat model: answers from the request alone, streamed word by word. */
export class MockChatModel implements ChatModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly behaviour: MockBehaviour, private readonly paceMs: number, providerName: string) {
    this.provider = providerName;
  }

  async generate(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
    const plan = this.plan(request);
    await this.wait(plan.reasoning.length + plan.text.length, request, options);
    const choices = Array.from({ length: request.n ?? 1 }, (_, index) => ({
      index,
      content: plan.toolCall ? null : plan.text.join(''),
      ...(plan.reasoning.length ? { reasoning: plan.reasoning.join('') } : {}),
      ...(plan.toolCall ? { toolCalls: [plan.toolCall] } : {}),
      finishReason: plan.finishReason,
    }));
    return { choices, usage: this.usage(request, plan), warnings: [] };
  }

  async stream(request: ChatRequest, options: CallOptions): Promise<AsyncIterable<StreamPart>> {
    return this.parts(request, options);
  }

  private async *parts(request: ChatRequest, options: CallOptions): AsyncGenerator<StreamPart> {
    const plan = this.plan(request);
    const pace = this.pace(request);
    yield { type: 'stream-start', warnings: [] };
    for (let index = 0; index < (request.n ?? 1); index++) {
      for (const text of plan.reasoning) {
        if (!(await this.tick(pace, options))) return yield { type: 'error', error: closed() };
        yield { type: 'reasoning-delta', index, text };
      }
      for (const text of plan.text) {
        if (!(await this.tick(pace, options))) return yield { type: 'error', error: closed() };
        yield { type: 'text-delta', index, text };
      }
      if (plan.toolCall) {
        const { id, name, arguments: args } = plan.toolCall;
        yield { type: 'tool-call-delta', index, toolCallIndex: 0, id, name, argumentsDelta: args };
        yield { type: 'tool-call', index, toolCallIndex: 0, id, name, arguments: args };
      }
      yield { type: 'finish', index, finishReason: plan.finishReason };
    }
    yield { type: 'usage', usage: this.usage(request, plan) };
  }

  private plan(request: ChatRequest): PlannedAnswer {
    const prompt = lastUserText(request);
    const tool = this.behaviour === 'tools' && request.toolChoice !== 'none' ? request.tools?.[0] : undefined;
    if (tool) {
      return { reasoning: [], text: [], toolCall: { id: 'call_mock_0', name: tool.name, arguments: JSON.stringify({ input: prompt }) }, finishReason: 'tool_calls' };
    }
    const { pieces, finishReason } = limitAnswer(wordPieces(prompt || emptyPromptAnswer), request);
    const reasoning = this.behaviour === 'think' ? wordPieces(`The user wrote ${pieces.length} words; I will repeat them.`) : [];
    return { reasoning, text: pieces, finishReason };
  }

  private usage(request: ChatRequest, plan: PlannedAnswer) {
    const perChoice = plan.reasoning.length + plan.text.length + (plan.toolCall ? 1 : 0);
    return {
      inputTokens: countPieces(request.messages),
      outputTokens: perChoice * (request.n ?? 1),
      ...(plan.reasoning.length ? { reasoningTokens: plan.reasoning.length * (request.n ?? 1) } : {}),
    };
  }

  private pace(request: ChatRequest): number {
    const override = request.providerOptions?.mock_pace_ms;
    return typeof override === 'number' && override >= 0 ? override : this.paceMs;
  }

  private async tick(pace: number, options: CallOptions): Promise<boolean> {
    if (pace > 0) {
      try {
        await sleep(pace, undefined, { signal: options.abortSignal });
      } catch {
        return false;
      }
    }
    return !options.abortSignal?.aborted;
  }

  private async wait(pieces: number, request: ChatRequest, options: CallOptions): Promise<void> {
    const pace = this.pace(request);
    if (pace === 0) return;
    try {
      await sleep(pace * pieces, undefined, { signal: options.abortSignal });
    } catch {
      throw closed();
    }
  }
}

function closed(): ClientClosedError {
  return new ClientClosedError('The client closed the connection.');
}
