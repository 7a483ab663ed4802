import { UpstreamError, UpstreamProtocolError, type GatewayError } from '../../errors/index.js';
import type { StreamPart } from '../../spec/index.js';
import { isStreamEvent, type AnthropicStreamEvent, type AnthropicUsage } from './anthropic-api.js';
import { anthropicStreamError } from './anthropic-error.js';
import { mapAnthropicUsage, mapStopReason, mergeUsage } from './map-anthropic-result.js';

interface PendingToolCall {
  toolCallIndex: number;
  id: string;
  name: string;
  arguments: string;
}

/**
 * A pure state machine from parsed Messages API stream events to StreamParts
 * (../shared/protocols/anthropic.md §4): text and thinking deltas as they come, `input_json_delta`
 * as tool-call deltas with the complete call at `content_block_stop`, the finish and usage at
 * `message_stop`, an `error` event as an error part. `ping` and unknown event or block types are skipped.
 */
export class AnthropicStreamState {
  private readonly toolCalls = new Map<number, PendingToolCall>();
  private toolCallCount = 0;
  private usage: AnthropicUsage | undefined;
  private stopReason: string | null | undefined;
  private finished = false;
  private failed = false;
  /** The upstream's message id, once `message_start` has arrived. */
  upstreamId: string | undefined;

  constructor(private readonly provider: string) {}

  /** Parts for one event's data; `parts` is appended to, to avoid an array per event. */
  push(payload: unknown, parts: StreamPart[]): void {
    if (this.failed || this.finished) return;
    if (!isStreamEvent.Check(payload)) {
      this.fail(new UpstreamProtocolError(`Upstream ${this.provider} sent an event Qiao cannot read.`, { provider: this.provider }), parts);
      return;
    }
    const event: AnthropicStreamEvent = payload;
    switch (event.type) {
      case 'message_start':
        this.upstreamId = event.message?.id ?? undefined;
        if (event.message?.usage) this.usage = event.message.usage;
        return;
      case 'content_block_start':
        return this.startBlock(event, parts);
      case 'content_block_delta':
        return this.delta(event, parts);
      case 'content_block_stop':
        return this.stopBlock(event.index ?? 0, parts);
      case 'message_delta':
        if (event.delta?.stop_reason !== undefined) this.stopReason = event.delta.stop_reason;
        if (event.usage) this.usage = mergeUsage(this.usage, event.usage);
        return;
      case 'message_stop':
        return this.finish(parts);
      case 'error':
        return this.fail(anthropicStreamError(this.provider, event.error), parts);
      default:
        return; // ping, and event types newer than this adapter
    }
  }

  /** Parts once the body has ended without `message_stop`. */
  end(parts: StreamPart[]): void {
    if (this.failed || this.finished) return;
    // A stop reason means the answer was complete even if the closing event got lost.
    if (this.stopReason) return this.finish(parts);
    this.fail(new UpstreamError(`Upstream ${this.provider} ended the stream before the answer finished.`, 502, false, { provider: this.provider }), parts);
  }

  /** Whether an error part has been produced; nothing should be read after it. */
  get hasFailed(): boolean {
    return this.failed;
  }

  /** Whether `message_stop` has arrived: the answer is complete. */
  get isComplete(): boolean {
    return this.finished;
  }

  private startBlock(event: AnthropicStreamEvent, parts: StreamPart[]): void {
    const block = event.content_block;
    if (!block) return;
    if (block.type === 'text' && block.text) parts.push({ type: 'text-delta', index: 0, text: block.text });
    if (block.type === 'thinking' && block.thinking) parts.push({ type: 'reasoning-delta', index: 0, text: block.thinking });
    if (block.type !== 'tool_use') return;
    const call: PendingToolCall = { toolCallIndex: this.toolCallCount++, id: block.id ?? `toolu_${this.toolCallCount}`, name: block.name ?? '', arguments: '' };
    this.toolCalls.set(event.index ?? 0, call);
    parts.push({ type: 'tool-call-delta', index: 0, toolCallIndex: call.toolCallIndex, id: call.id, name: call.name, argumentsDelta: '' });
  }

  private delta(event: AnthropicStreamEvent, parts: StreamPart[]): void {
    const delta = event.delta;
    switch (delta?.type) {
      case 'text_delta':
        if (delta.text) parts.push({ type: 'text-delta', index: 0, text: delta.text });
        return;
      case 'thinking_delta':
        if (delta.thinking) parts.push({ type: 'reasoning-delta', index: 0, text: delta.thinking });
        return;
      case 'input_json_delta': {
        const call = this.toolCalls.get(event.index ?? 0);
        if (!call || !delta.partial_json) return;
        call.arguments += delta.partial_json;
        parts.push({ type: 'tool-call-delta', index: 0, toolCallIndex: call.toolCallIndex, argumentsDelta: delta.partial_json });
        return;
      }
      default:
        return; // signature_delta, citations_delta: no StreamPart carries them
    }
  }

  private stopBlock(index: number, parts: StreamPart[]): void {
    const call = this.toolCalls.get(index);
    if (!call) return;
    this.toolCalls.delete(index);
    // An empty input streams no partial_json at all; the call's arguments are then `{}`.
    parts.push({ type: 'tool-call', index: 0, toolCallIndex: call.toolCallIndex, id: call.id, name: call.name, arguments: call.arguments || '{}' });
  }

  private finish(parts: StreamPart[]): void {
    for (const index of [...this.toolCalls.keys()]) this.stopBlock(index, parts);
    this.finished = true;
    parts.push({ type: 'finish', index: 0, finishReason: mapStopReason(this.stopReason) });
    if (this.usage) parts.push({ type: 'usage', usage: mapAnthropicUsage(this.usage) });
  }

  private fail(error: GatewayError, parts: StreamPart[]): void {
    this.failed = true;
    parts.push({ type: 'error', error });
  }
}
