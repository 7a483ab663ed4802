import type { FinishReason, StreamPart, Usage } from '../../spec/index.js';
import type { SseOut } from '../shared/relay-stream.js';
import { messageId, toAnthropicUsage, toStopReason } from './message-response.js';

type OpenBlock = { kind: 'text' | 'thinking' } | { kind: 'tool'; toolCallIndex: number };

const event = (type: string, data: Record<string, unknown>): SseOut => ({ event: type, data: JSON.stringify({ type, ...data }) });

/**
 * Encodes StreamParts as Anthropic's named SSE events (../shared/protocols/anthropic.md §4):
 * `message_start`, then a content block per run of text, thinking or one tool call
 * (`content_block_start` / `_delta` / `_stop`), and `message_delta` + `message_stop` at the end.
 * Only choice 0 exists here: the dialect never asks for more.
 */
export class MessageStreamEncoder {
  private blockIndex = -1;
  private open: OpenBlock | undefined;
  private readonly streamedToolCalls = new Set<number>();
  private finishReason: FinishReason = 'stop';
  private usage: Usage | undefined;

  constructor(private readonly model: string) {}

  /** `message_start` (usage is not known yet) and a `ping`, as Anthropic opens a stream. */
  opening(): SseOut[] {
    const message = {
      id: messageId(), type: 'message', role: 'assistant', model: this.model, content: [],
      stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 },
    };
    return [event('message_start', { message }), event('ping', {})];
  }

  /** The events for one part. */
  encode(part: StreamPart): SseOut[] | undefined {
    if ('index' in part && part.index !== 0) return undefined;
    switch (part.type) {
      case 'text-delta':
        return this.into({ kind: 'text' }, { type: 'text_delta', text: part.text });
      case 'reasoning-delta':
        return this.into({ kind: 'thinking' }, { type: 'thinking_delta', thinking: part.text });
      case 'tool-call-delta': {
        if (part.id !== undefined) {
          this.streamedToolCalls.add(part.toolCallIndex);
          const out = this.startBlock({ kind: 'tool', toolCallIndex: part.toolCallIndex }, { type: 'tool_use', id: part.id, name: part.name ?? '', input: {} });
          if (part.argumentsDelta) out.push(this.delta({ type: 'input_json_delta', partial_json: part.argumentsDelta }));
          return out;
        }
        const open = this.open;
        if (open?.kind !== 'tool' || open.toolCallIndex !== part.toolCallIndex || !part.argumentsDelta) return undefined;
        return [this.delta({ type: 'input_json_delta', partial_json: part.argumentsDelta })];
      }
      case 'tool-call': {
        if (this.streamedToolCalls.has(part.toolCallIndex)) return undefined;
        // A provider that reports the call only when complete: one block with all of its input.
        this.streamedToolCalls.add(part.toolCallIndex);
        const out = this.startBlock({ kind: 'tool', toolCallIndex: part.toolCallIndex }, { type: 'tool_use', id: part.id, name: part.name, input: {} });
        out.push(this.delta({ type: 'input_json_delta', partial_json: part.arguments }));
        return out;
      }
      case 'finish':
        this.finishReason = part.finishReason;
        return this.closeBlock();
      case 'usage':
        this.usage = part.usage;
        return undefined;
      default:
        return undefined;
    }
  }

  /** `message_delta` with the stop reason and usage, then `message_stop`. */
  closing(): SseOut[] {
    return [
      ...this.closeBlock(),
      event('message_delta', { delta: { stop_reason: toStopReason(this.finishReason), stop_sequence: null }, usage: toAnthropicUsage(this.usage) }),
      event('message_stop', {}),
    ];
  }

  private into(block: OpenBlock, delta: Record<string, unknown>): SseOut[] {
    const out = this.open?.kind === block.kind ? [] : this.startBlock(block, block.kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' });
    out.push(this.delta(delta));
    return out;
  }

  private startBlock(block: OpenBlock, contentBlock: Record<string, unknown>): SseOut[] {
    const out = this.closeBlock();
    this.open = block;
    this.blockIndex++;
    out.push(event('content_block_start', { index: this.blockIndex, content_block: contentBlock }));
    return out;
  }

  private delta(delta: Record<string, unknown>): SseOut {
    return event('content_block_delta', { index: this.blockIndex, delta });
  }

  private closeBlock(): SseOut[] {
    if (!this.open) return [];
    this.open = undefined;
    return [event('content_block_stop', { index: this.blockIndex })];
  }
}
