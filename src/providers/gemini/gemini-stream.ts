import { UpstreamError, UpstreamProtocolError, upstreamErrorFromStatus } from '../../errors/index.js';
import type { FinishReason, StreamPart, Usage } from '../../spec/index.js';
import { isGeminiResponse, type GeminiResponse } from './gemini-api.js';
import { mapGeminiBlockReason, mapGeminiFinishReason } from './map-gemini-finish-reason.js';
import { mapGeminiUsage } from './map-gemini-usage.js';

/**
 * A pure state machine from `GenerateContentResponse` payloads (each `alt=sse` event, or the one
 * non-stream body) to StreamParts (../shared/protocols/gemini.md §4): text deltas, `thought` parts
 * as reasoning, whole `functionCall` parts as complete tool calls, running `usageMetadata` (the last
 * one wins), `finishReason` on the last chunk only, and a top-level `error` object mid-stream.
 */
export class GeminiStreamState {
  private readonly toolCallCounts = new Map<number, number>();
  private readonly finished = new Set<number>();
  private usage: Usage | undefined;
  private failed = false;
  /** The upstream's `responseId`, once seen. */
  upstreamId: string | undefined;

  constructor(private readonly provider: string) {}

  /** Parts for one payload, appended to `parts`. */
  push(payload: unknown, parts: StreamPart[]): void {
    if (!isGeminiResponse.Check(payload)) {
      this.fail(new UpstreamProtocolError(`Upstream ${this.provider} sent a chunk Qiao cannot read.`, { provider: this.provider }), parts);
      return;
    }
    const response: GeminiResponse = payload;
    if (response.error) {
      const { code, message, status } = response.error;
      const detail = `Upstream ${this.provider} failed mid-stream: ${message ?? status ?? 'unknown error'}`;
      const options = { provider: this.provider, upstreamCode: status ?? undefined, upstreamStatus: code ?? undefined };
      this.fail(code ? upstreamErrorFromStatus(code, detail, options) : new UpstreamError(detail, 502, false, options), parts);
      return;
    }
    this.upstreamId ??= response.responseId ?? undefined;
    if (response.usageMetadata) this.usage = mapGeminiUsage(response.usageMetadata);
    for (const [position, candidate] of (response.candidates ?? []).entries()) {
      const index = candidate.index ?? position;
      for (const part of candidate.content?.parts ?? []) {
        if (part.functionCall) {
          this.pushToolCall(index, part.functionCall, parts);
        } else if (part.text) {
          parts.push({ type: part.thought ? 'reasoning-delta' : 'text-delta', index, text: part.text });
        }
      }
      if (candidate.finishReason) this.finish(index, mapGeminiFinishReason(candidate.finishReason, this.toolCallCounts.has(index)), parts);
    }
    const blocked = response.promptFeedback?.blockReason;
    if (blocked && !response.candidates?.length) this.finish(0, mapGeminiBlockReason(blocked), parts);
  }

  /** Parts once the body has ended: a stream without any finishReason was cut. */
  end(parts: StreamPart[]): void {
    if (this.failed) return;
    if (this.finished.size === 0) {
      this.fail(new UpstreamError(`Upstream ${this.provider} ended the stream before the answer finished.`, 502, false, { provider: this.provider }), parts);
      return;
    }
    if (this.usage) parts.push({ type: 'usage', usage: this.usage });
  }

  /** Whether an error part has been produced; nothing should be read after it. */
  get hasFailed(): boolean {
    return this.failed;
  }

  private pushToolCall(index: number, call: { id?: string | null; name: string; args?: Record<string, unknown> | null }, parts: StreamPart[]): void {
    const toolCallIndex = this.toolCallCounts.get(index) ?? 0;
    this.toolCallCounts.set(index, toolCallIndex + 1);
    // The Gemini API has no call ids (newer models may add one); results are matched by name.
    const id = call.id || `call_${index}_${toolCallIndex}`;
    const args = JSON.stringify(call.args ?? {});
    parts.push({ type: 'tool-call-delta', index, toolCallIndex, id, name: call.name, argumentsDelta: args });
    parts.push({ type: 'tool-call', index, toolCallIndex, id, name: call.name, arguments: args });
  }

  private finish(index: number, finishReason: FinishReason, parts: StreamPart[]): void {
    if (this.finished.has(index)) return;
    this.finished.add(index);
    parts.push({ type: 'finish', index, finishReason });
  }

  private fail(error: UpstreamError | ReturnType<typeof upstreamErrorFromStatus>, parts: StreamPart[]): void {
    this.failed = true;
    parts.push({ type: 'error', error });
  }
}
