import { UpstreamProtocolError } from '../../errors/index.js';
import { decodeSse, parseUpstreamJson, upstreamFailure } from '../../http/index.js';
import type { CallOptions, WorkflowEvent, WorkflowRequest, WorkflowResult, WorkflowRunner } from '../../spec/index.js';
import { isWorkflowRun } from './coze-api.js';
import { readCozeJson, rejectCozeJson, sendCoze } from './coze-request.js';
import type { CozeSettings } from './coze-settings.js';
import { CozeWorkflowStreamState } from './coze-workflow-stream.js';
import { mapCozeUsage } from './map-coze-usage.js';

/** `{"output": "…"}` reads as its text; other outputs as JSON. */
function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (output && typeof output === 'object' && !Array.isArray(output)) {
    const values = Object.values(output);
    if (values.length === 1 && typeof values[0] === 'string') return values[0];
  }
  return output === undefined ? '' : JSON.stringify(output);
}

/** Coze workflows: `/v1/workflow/run` and `/v1/workflow/stream_run` (coze.md §5). */
export class CozeWorkflowRunner implements WorkflowRunner {
  readonly provider: string;
  readonly defaultWorkflowId?: string;

  constructor(private readonly settings: CozeSettings) {
    this.provider = settings.name;
    this.defaultWorkflowId = settings.defaultWorkflowId;
  }

  async run(request: WorkflowRequest, options: CallOptions): Promise<WorkflowResult> {
    const signal = options.abortSignal;
    const response = await sendCoze(this.settings, { method: 'POST', path: '/v1/workflow/run', body: this.body(request), signal });
    const { envelope } = await readCozeJson(this.settings, response, signal);
    if (!isWorkflowRun.Check(envelope)) throw new UpstreamProtocolError(`Upstream ${this.provider} sent a workflow result Qiao cannot read.`, { provider: this.provider });
    // `data` is a JSON-encoded string of the end node's output.
    const output = envelope.data ? this.decode(envelope.data) : undefined;
    const usage = mapCozeUsage(envelope.usage);
    return {
      text: outputText(output),
      output,
      warnings: [],
      ...(envelope.execute_id && { runId: envelope.execute_id }),
      ...(envelope.debug_url && { debugUrl: envelope.debug_url }),
      ...(usage && { usage }),
    };
  }

  async stream(request: WorkflowRequest, options: CallOptions): Promise<AsyncIterable<WorkflowEvent>> {
    const signal = options.abortSignal;
    const response = await sendCoze(this.settings, { method: 'POST', path: '/v1/workflow/stream_run', body: this.body(request), signal });
    await rejectCozeJson(this.settings, response, signal);
    return this.events(response.body, signal);
  }

  private async *events(body: AsyncIterable<Uint8Array>, signal?: AbortSignal): AsyncGenerator<WorkflowEvent> {
    const state = new CozeWorkflowStreamState(this.provider);
    try {
      for await (const event of decodeSse(body)) {
        if (state.isOver) continue;
        const converted = state.push(event.event ?? 'Message', parseUpstreamJson(event.data, this.provider));
        if (converted) yield converted;
        if (converted?.type === 'error') return;
      }
    } catch (error) {
      yield { type: 'error', error: upstreamFailure(error, this.provider, signal) };
      return;
    }
    const last = state.end();
    if (last) yield last;
  }

  private body(request: WorkflowRequest): Record<string, unknown> {
    return { ...request.providerOptions, workflow_id: request.workflowId, parameters: request.parameters };
  }

  private decode(data: string): unknown {
    try {
      return parseUpstreamJson(data, this.provider);
    } catch {
      return data;
    }
  }
}
