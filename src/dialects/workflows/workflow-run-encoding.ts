import { randomUUID } from 'node:crypto';
import type { Usage, WorkflowEvent, WorkflowResult } from '../../spec/index.js';
import { toOpenAIError } from '../openai/openai-error.js';
import type { EventEncoding } from '../shared/relay-events.js';

/** Usage in OpenAI's names, or null when unknown. */
export function openAIUsage(usage: Usage | undefined): Record<string, number> | null {
  if (!usage) return null;
  return { prompt_tokens: usage.inputTokens, completion_tokens: usage.outputTokens, total_tokens: usage.inputTokens + usage.outputTokens };
}

/** A finished run as `POST /v1/workflows/{id}/runs` answers it. */
export function workflowRunObject(workflowId: string, result: WorkflowResult): Record<string, unknown> {
  return {
    id: `wfrun_${result.runId ?? randomUUID()}`,
    object: 'workflow.run',
    created: Math.floor(Date.now() / 1000),
    workflow_id: workflowId,
    status: 'completed',
    output: result.output ?? null,
    output_text: result.text,
    usage: openAIUsage(result.usage),
    ...(result.debugUrl && { debug_url: result.debugUrl }),
  };
}

/** SSE payloads of a streamed run: `workflow.run.delta` per text, `workflow.run.interrupted` or `workflow.run.completed`, then `[DONE]`; a failure is OpenAI's `{"error":…}`. */
export function workflowRunEncoding(workflowId: string): EventEncoding<WorkflowEvent> {
  const id = `wfrun_${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  let text = '';
  const payload = (object: string, fields: Record<string, unknown>) => JSON.stringify({ id, object, created, workflow_id: workflowId, ...fields });
  return {
    encode(event) {
      switch (event.type) {
        case 'message':
          text += event.text;
          return [payload('workflow.run.delta', { delta: { text: event.text }, ...(event.nodeTitle && { node_title: event.nodeTitle }) })];
        case 'interrupt':
          return [payload('workflow.run.interrupted', {
            status: 'interrupted', output_text: text,
            interrupt: { event_id: event.eventId, type: event.interruptType ?? null, node_title: event.nodeTitle ?? null },
          })];
        case 'done':
          return [payload('workflow.run.completed', { status: 'completed', output_text: text, usage: openAIUsage(event.usage), ...(event.debugUrl && { debug_url: event.debugUrl }) })];
        case 'error':
          return [JSON.stringify(toOpenAIError(event.error))];
      }
    },
    isFailure: (event) => event.type === 'error',
    closing: () => ['[DONE]'],
  };
}
