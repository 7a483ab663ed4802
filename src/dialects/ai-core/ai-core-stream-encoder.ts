import type { FinishReason, StreamPart, Usage } from '../../spec/index.js';
import { toAiCoreUsage } from './ai-core-usage.js';

/**
 * Encodes stream parts as ai_core events: `{"content": <text so far>, "delta": <new text>,
 * "finish_reason": null, "model": …}` per text delta, and one last event with the finish reason
 * (and usage, when the upstream reported it) before `[DONE]`.
 */
export class AiCoreStreamEncoder {
  private content = '';
  private finishReason: FinishReason | undefined;
  private usage: Usage | undefined;
  private finalSent = false;

  constructor(private readonly model: string) {}

  /** The event for a part, or undefined when it has none (yet). */
  encode(part: StreamPart): string | undefined {
    switch (part.type) {
      case 'text-delta':
        if (part.index !== 0) return undefined;
        this.content += part.text;
        return this.event(part.text, null);
      case 'reasoning-delta':
        return part.index === 0 ? this.event('', null, { reasoning_delta: part.text }) : undefined;
      case 'finish':
        // Held back until the usage arrives (it follows the finish), so the last event carries both.
        if (part.index === 0) this.finishReason = part.finishReason;
        return undefined;
      case 'usage':
        this.usage = part.usage;
        return this.finishReason === undefined ? undefined : this.final();
      default:
        return undefined;
    }
  }

  /** The events after a complete stream. */
  closing(): string[] {
    return this.finalSent ? ['[DONE]'] : [this.final(), '[DONE]'];
  }

  private final(): string {
    this.finalSent = true;
    const usage = toAiCoreUsage(this.usage);
    return this.event('', this.finishReason ?? 'other', usage ? { usage } : {});
  }

  private event(delta: string, finishReason: FinishReason | null, extra: Record<string, unknown> = {}): string {
    return JSON.stringify({ content: this.content, delta, finish_reason: finishReason, model: this.model, ...extra });
  }
}
