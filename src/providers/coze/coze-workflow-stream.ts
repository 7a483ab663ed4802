import { UpstreamError, UpstreamProtocolError, type GatewayError } from '../../errors/index.js';
import type { Usage, WorkflowEvent } from '../../spec/index.js';
import { isWorkflowDone, isWorkflowError, isWorkflowInterrupt, isWorkflowMessage } from './coze-api.js';
import { cozeError } from './coze-error.js';
import { mapCozeUsage } from './map-coze-usage.js';

/**
 * A pure state machine from `/v1/workflow/stream_run` events (`Message`, `Error`, `Interrupt`,
 * `Done`; coze.md §5) to spec workflow events. A run has ended well only with `Done` or
 * `Interrupt`; a body that ends without either has failed.
 */
export class CozeWorkflowStreamState {
  private ended = false;
  private usage: Usage | undefined;

  constructor(private readonly provider: string) {}

  /** The spec event for one upstream event, if it has one. */
  push(event: string, data: unknown): WorkflowEvent | undefined {
    switch (event) {
      case 'Message': {
        if (!isWorkflowMessage.Check(data)) return this.fail(new UpstreamProtocolError(`Upstream ${this.provider} sent a workflow message Qiao cannot read.`, { provider: this.provider }));
        this.usage = mapCozeUsage(data.usage) ?? this.usage;
        if (!data.content) return undefined;
        return { type: 'message', text: data.content, ...(data.node_title && { nodeTitle: data.node_title }), ...(data.node_is_finish != null && { nodeFinished: data.node_is_finish }) };
      }
      case 'Error': {
        const error = isWorkflowError.Check(data) ? data : {};
        return this.fail(cozeError(this.provider, error.error_code ?? 5000, error.error_message ?? undefined));
      }
      case 'Interrupt':
        if (!isWorkflowInterrupt.Check(data)) return this.fail(new UpstreamProtocolError(`Upstream ${this.provider} sent an interrupt Qiao cannot read.`, { provider: this.provider }));
        this.ended = true;
        return {
          type: 'interrupt', eventId: data.interrupt_data.event_id,
          ...(data.interrupt_data.type != null && { interruptType: data.interrupt_data.type }),
          ...(data.node_title && { nodeTitle: data.node_title }),
        };
      case 'Done':
        this.ended = true;
        return { type: 'done', ...(this.usage && { usage: this.usage }), ...(isWorkflowDone.Check(data) && data.debug_url && { debugUrl: data.debug_url }) };
      default:
        return undefined;
    }
  }

  /** The event to add once the body has ended, if any. */
  end(): WorkflowEvent | undefined {
    if (this.ended) return undefined;
    return this.fail(new UpstreamError(`Upstream ${this.provider} ended the workflow stream before the run finished.`, 502, false, { provider: this.provider }));
  }

  /** Whether the stream is over (done, interrupted or failed). */
  get isOver(): boolean {
    return this.ended;
  }

  private fail(error: GatewayError): WorkflowEvent {
    this.ended = true;
    return { type: 'error', error };
  }
}
