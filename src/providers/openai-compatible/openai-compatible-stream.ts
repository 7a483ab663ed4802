import { UpstreamError, UpstreamProtocolError } from '../../errors/index.js';
import type { StreamPart, Usage } from '../../spec/index.js';
import { isChunk, type OpenAICompatibleChunk } from './openai-compatible-api.js';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';

interface PendingToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * A pure state machine from parsed `chat.completion.chunk` payloads to StreamParts.
 * Tolerates the vendor quirks in ../shared/protocols/: empty continuation ids (DashScope),
 * `content: null` beside `reasoning_content` (DeepSeek), usage on the finish chunk (DeepSeek)
 * or inside the choice (Moonshot), and `{"error":…}` payloads mid-stream (OpenAI, Zhipu).
 */
export class OpenAICompatibleStreamState {
  // Made on first use: thousands of streams may be open at once, most of them without tool calls.
  private toolCalls: Map<number, Map<number, PendingToolCall>> | undefined;
  private finishedChoices: Set<number> | undefined;
  private usage: Usage | undefined;
  private failed = false;
  private sawDone = false;

  constructor(private readonly provider: string) {}

  /** Parts for one payload; `parts` is appended to, to avoid an array per chunk. */
  push(payload: unknown, parts: StreamPart[]): void {
    if (!isChunk.Check(payload)) {
      this.fail(new UpstreamProtocolError(`Upstream ${this.provider} sent a chunk Qiao cannot read.`, { provider: this.provider }), parts);
      return;
    }
    const chunk: OpenAICompatibleChunk = payload;
    if (chunk.error) {
      const error = typeof chunk.error === 'string' ? { message: chunk.error } : chunk.error;
      const code = error.code == null ? undefined : String(error.code);
      this.fail(new UpstreamError(`Upstream ${this.provider} failed mid-stream: ${error.message ?? 'unknown error'}`, 502, false, {
        provider: this.provider, upstreamCode: code,
      }), parts);
      return;
    }
    if (chunk.usage) this.usage = mapUsage(chunk.usage);
    if (!chunk.choices) return;
    for (const choice of chunk.choices) {
      const index = choice.index ?? 0;
      const delta = choice.delta;
      if (delta) {
        if (delta.reasoning_content) parts.push({ type: 'reasoning-delta', index, text: delta.reasoning_content });
        if (delta.content) parts.push({ type: 'text-delta', index, text: delta.content });
        if (delta.tool_calls) this.pushToolCallDeltas(index, delta.tool_calls, parts);
      }
      if (choice.usage) this.usage = mapUsage(choice.usage);
      if (choice.finish_reason) this.finishChoice(index, choice.finish_reason, parts);
    }
  }

  /** Records the upstream's `[DONE]`: the answer is complete even if no finish_reason came. */
  markDone(): void {
    this.sawDone = true;
  }

  /** Whether `[DONE]` has arrived: the answer is complete, and later events are ignored. */
  get isComplete(): boolean {
    return this.sawDone;
  }

  /** Parts once the body has ended. */
  end(parts: StreamPart[]): void {
    if (this.failed) return;
    if (!this.finishedChoices) {
      if (!this.sawDone) {
        this.fail(new UpstreamError(`Upstream ${this.provider} ended the stream before the answer finished.`, 502, false, {
          provider: this.provider,
        }), parts);
        return;
      }
      // `[DONE]` without a finish_reason: the upstream says it completed but not why.
      for (const index of this.toolCalls?.keys() ?? []) this.finishChoice(index, 'tool_calls', parts);
      if (!this.finishedChoices) this.finishChoice(0, 'stop', parts);
    }
    if (this.usage) parts.push({ type: 'usage', usage: this.usage });
  }

  private pushToolCallDeltas(index: number, deltas: NonNullable<NonNullable<OpenAICompatibleChunk['choices']>[number]['delta']>['tool_calls'], parts: StreamPart[]): void {
    this.toolCalls ??= new Map();
    let calls = this.toolCalls.get(index);
    if (!calls) this.toolCalls.set(index, calls = new Map());
    for (const [position, delta] of (deltas ?? []).entries()) {
      const toolCallIndex = delta.index ?? position;
      const argumentsDelta = delta.function?.arguments ?? '';
      const existing = calls.get(toolCallIndex);
      if (!existing) {
        const id = delta.id || `call_${index}_${toolCallIndex}`;
        const name = delta.function?.name ?? '';
        calls.set(toolCallIndex, { id, name, arguments: argumentsDelta });
        parts.push({ type: 'tool-call-delta', index, toolCallIndex, id, name, argumentsDelta });
        continue;
      }
      // DashScope repeats `"id":""` on continuations; never let that overwrite the real id.
      if (delta.function?.name && !existing.name) existing.name = delta.function.name;
      existing.arguments += argumentsDelta;
      if (argumentsDelta.length > 0) parts.push({ type: 'tool-call-delta', index, toolCallIndex, argumentsDelta });
    }
  }

  private finishChoice(index: number, reason: string, parts: StreamPart[]): void {
    if (this.finishedChoices?.has(index)) return;
    (this.finishedChoices ??= new Set()).add(index);
    const calls = this.toolCalls?.get(index);
    if (calls) {
      for (const [toolCallIndex, call] of calls) {
        parts.push({ type: 'tool-call', index, toolCallIndex, id: call.id, name: call.name, arguments: call.arguments });
      }
    }
    const finishReason = mapFinishReason(reason);
    if (finishReason === 'error') {
      this.fail(new UpstreamError(`Upstream ${this.provider} stopped with finish_reason "${reason}".`, 502, false, { provider: this.provider }), parts);
      return;
    }
    parts.push({ type: 'finish', index, finishReason });
  }

  private fail(error: UpstreamError, parts: StreamPart[]): void {
    this.failed = true;
    parts.push({ type: 'error', error });
  }

  /** Whether an error part has been produced; nothing should be read after it. */
  get hasFailed(): boolean {
    return this.failed;
  }
}
