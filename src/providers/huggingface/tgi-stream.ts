import { UpstreamError, UpstreamProtocolError } from '../../errors/index.js';
import type { FinishReason, StreamPart } from '../../spec/index.js';
import { isStreamEvent, type TgiStreamEvent } from './huggingface-api.js';

/** TGI `finish_reason` (`length | eos_token | stop_sequence`) to the spec's. */
export function mapTgiFinishReason(reason: string | null | undefined): FinishReason {
  if (reason === 'length') return 'length';
  if (reason === 'eos_token' || reason === 'stop_sequence' || reason == null) return 'stop';
  return 'other';
}

/**
 * A pure state machine from TGI `/generate_stream` token events to StreamParts (huggingface.md §1):
 * each non-special `token.text` is a text delta; `details` (last event only) carries the finish
 * reason and token counts; an `{"error","error_type"}` event ends the stream with an error.
 */
export class TgiStreamState {
  private done = false;
  private failed = false;

  constructor(private readonly provider: string) {}

  /** Parts for one event, appended to `parts`. */
  push(payload: unknown, parts: StreamPart[]): void {
    if (!isStreamEvent.Check(payload)) {
      this.fail(new UpstreamProtocolError(`Upstream ${this.provider} sent an event Qiao cannot read.`, { provider: this.provider }), parts);
      return;
    }
    const event: TgiStreamEvent = payload;
    if (event.error) {
      this.fail(new UpstreamError(`Upstream ${this.provider} failed mid-stream: ${event.error}`, 502, false, {
        provider: this.provider, upstreamCode: event.error_type ?? undefined,
      }), parts);
      return;
    }
    // Special tokens (`</s>`, `<|eot_id|>`) are markup, not answer text.
    if (event.token?.text && !event.token.special) parts.push({ type: 'text-delta', index: 0, text: event.token.text });
    if (event.details && !this.done) {
      this.done = true;
      parts.push({ type: 'finish', index: 0, finishReason: mapTgiFinishReason(event.details.finish_reason) });
      const { input_length: input, generated_tokens: output } = event.details;
      if (input != null || output != null) parts.push({ type: 'usage', usage: { inputTokens: input ?? 0, outputTokens: output ?? 0 } });
    }
  }

  /** Parts once the body has ended: without the `details` event the stream was cut. */
  end(parts: StreamPart[]): void {
    if (this.failed || this.done) return;
    this.fail(new UpstreamError(`Upstream ${this.provider} ended the stream before the answer finished.`, 502, false, { provider: this.provider }), parts);
  }

  /** Whether an error part has been produced. */
  get hasFailed(): boolean {
    return this.failed;
  }

  /** Whether the `details` event has arrived: the answer is complete. */
  get isComplete(): boolean {
    return this.done;
  }

  private fail(error: UpstreamError, parts: StreamPart[]): void {
    this.failed = true;
    parts.push({ type: 'error', error });
  }
}
