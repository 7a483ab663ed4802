import type { GatewayError } from '../../errors/index.js';
import type { StreamPart, Usage, WorkflowEvent } from '../../spec/index.js';
import type { StreamEncoding } from '../shared/relay-stream.js';
import type { EventEncoding } from '../shared/relay-events.js';
import { toAiPlatformError } from './ai-platform-error.js';

/** Usage in the names the seed's clients know. */
export function platformUsage(usage: Usage | undefined): Record<string, number> | null {
  if (!usage) return null;
  return { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
}

/**
 * Every event carries the new text (`chunk`) and the text so far (`full_text`), as the seed's
 * client callback `(data, chunk_text, full_text)` needs: `{"type":"chunk",…}` per piece, one
 * `{"type":"done",…}`, then `data: [DONE]`; a failure is `{"type":"error",…}` and nothing follows.
 */
class FullText {
  text = '';
  constructor(private readonly service: string, private readonly serviceType: 'chat' | 'workflow') {}

  chunk(chunk: string, extra: Record<string, unknown> = {}): string {
    this.text += chunk;
    return this.event('chunk', { chunk, ...extra });
  }

  event(type: string, fields: Record<string, unknown>): string {
    return JSON.stringify({ type, service_type: this.serviceType, service_name: this.service, chunk: '', ...fields, full_text: this.text });
  }

  error(error: GatewayError): string {
    return this.event('error', { ...toAiPlatformError(error) });
  }
}

/** Chat parts as AI-platform events. */
export function chatEncoding(service: string): StreamEncoding {
  const text = new FullText(service, 'chat');
  let finishReason: string | null = null;
  let usage: Usage | undefined;
  return {
    opening: () => [],
    encode(part: StreamPart) {
      if (part.type === 'text-delta' && part.index === 0) return text.chunk(part.text);
      if (part.type === 'finish' && part.index === 0) finishReason = part.finishReason;
      if (part.type === 'usage') usage = part.usage;
      return undefined;
    },
    error: (error) => text.error(error),
    closing: () => [text.event('done', { finish_reason: finishReason ?? 'stop', usage: platformUsage(usage) }), '[DONE]'],
  };
}

/** Workflow events as AI-platform events; an interrupt ends the run with `status: "interrupted"`. */
export function workflowEncoding(service: string, workflowId: string): EventEncoding<WorkflowEvent> {
  const text = new FullText(service, 'workflow');
  return {
    encode(event) {
      switch (event.type) {
        case 'message': return [text.chunk(event.text, { workflow_id: workflowId, ...(event.nodeTitle && { node_title: event.nodeTitle }) })];
        case 'interrupt': return [text.event('interrupt', {
          workflow_id: workflowId, status: 'interrupted',
          interrupt: { event_id: event.eventId, type: event.interruptType ?? null, node_title: event.nodeTitle ?? null },
        })];
        case 'done': return [text.event('done', { workflow_id: workflowId, status: 'completed', usage: platformUsage(event.usage), ...(event.debugUrl && { debug_url: event.debugUrl }) })];
        case 'error': return [text.error(event.error)];
      }
    },
    isFailure: (event) => event.type === 'error',
    closing: () => ['[DONE]'],
  };
}
