import { UpstreamError, UpstreamProtocolError } from '../../errors/index.js';
import type { FinishReason, StreamPart, Usage } from '../../spec/index.js';
import { isChatLine, type OllamaChatLine } from './ollama-api.js';

/** `done_reason` to the spec's; `load`/`unload` answer requests without messages (ollama.md §2). */
function mapDoneReason(reason: string | null | undefined, calledTools: boolean): FinishReason {
  switch (reason ?? 'stop') {
    case 'stop': case 'load': case 'unload': return calledTools ? 'tool_calls' : 'stop';
    case 'length': return 'length';
    default: return 'other';
  }
}

/**
 * A pure state machine from `/api/chat` lines to StreamParts (ollama.md §2, §6): `message.thinking`
 * as reasoning, `message.content` as text, complete `tool_calls` as complete tool calls, the
 * `done:true` line with `done_reason` and token counts, and the mid-stream `{"error":…}` line.
 */
export class OllamaStreamState {
  private toolCalls = 0;
  private done = false;
  private failed = false;

  constructor(private readonly provider: string) {}

  /** Parts for one line, appended to `parts`. */
  push(payload: unknown, parts: StreamPart[]): void {
    if (!isChatLine.Check(payload)) {
      this.fail(new UpstreamProtocolError(`Upstream ${this.provider} sent a line Qiao cannot read.`, { provider: this.provider }), parts);
      return;
    }
    const line: OllamaChatLine = payload;
    if (line.error) {
      this.fail(new UpstreamError(`Upstream ${this.provider} failed mid-stream: ${line.error}`, 502, false, { provider: this.provider }), parts);
      return;
    }
    const message = line.message;
    if (message?.thinking) parts.push({ type: 'reasoning-delta', index: 0, text: message.thinking });
    if (message?.content) parts.push({ type: 'text-delta', index: 0, text: message.content });
    for (const call of message?.tool_calls ?? []) {
      const toolCallIndex = this.toolCalls++;
      const id = call.id || `call_${toolCallIndex}`;
      const args = typeof call.function.arguments === 'string' ? call.function.arguments : JSON.stringify(call.function.arguments ?? {});
      parts.push({ type: 'tool-call-delta', index: 0, toolCallIndex, id, name: call.function.name, argumentsDelta: args });
      parts.push({ type: 'tool-call', index: 0, toolCallIndex, id, name: call.function.name, arguments: args });
    }
    if (line.done && !this.done) {
      this.done = true;
      parts.push({ type: 'finish', index: 0, finishReason: mapDoneReason(line.done_reason, this.toolCalls > 0) });
      // `prompt_eval_count` is omitted when the whole prompt came from the cache.
      if (line.prompt_eval_count != null || line.eval_count != null) {
        const usage: Usage = { inputTokens: line.prompt_eval_count ?? 0, outputTokens: line.eval_count ?? 0 };
        parts.push({ type: 'usage', usage });
      }
    }
  }

  /** Parts once the body has ended: without a `done:true` line the stream was cut. */
  end(parts: StreamPart[]): void {
    if (this.failed || this.done) return;
    this.fail(new UpstreamError(`Upstream ${this.provider} ended the stream before the answer finished.`, 502, false, { provider: this.provider }), parts);
  }

  /** Whether an error part has been produced; nothing should be read after it. */
  get hasFailed(): boolean {
    return this.failed;
  }

  /** Whether the `done:true` line has arrived: the answer is complete. */
  get isComplete(): boolean {
    return this.done;
  }

  private fail(error: UpstreamError, parts: StreamPart[]): void {
    this.failed = true;
    parts.push({ type: 'error', error });
  }
}
