import type { GatewayError } from '../errors/index.js';
import type { CallOptions } from './model.js';
import type { Usage } from './usage.js';
import type { Warning } from './warning.js';

/** A request to run one workflow of a provider. */
export interface WorkflowRequest {
  /** The upstream's workflow id. */
  workflowId: string;
  /** Inputs of the workflow's start node, by name. */
  parameters: Record<string, unknown>;
  /** Fields without a typed slot, passed to the provider unchanged (wire names). */
  providerOptions?: Record<string, unknown>;
}

/** A finished, non-streamed workflow run. */
export interface WorkflowResult {
  /** The end node's output as text (the `output` field when the output is `{output: string}`, else JSON). */
  text: string;
  /** The end node's output, decoded when it is JSON. */
  output: unknown;
  /** The upstream's id for the run, for tracing. */
  runId?: string;
  /** Where the upstream shows the run, when it says. */
  debugUrl?: string;
  /** Token accounting, when known. */
  usage?: Usage;
  /** What the provider could not honour. */
  warnings: Warning[];
}

/** A piece of text a workflow node produced. */
export interface WorkflowMessageEvent {
  /** Discriminator. */
  type: 'message';
  /** The new text. */
  text: string;
  /** Title of the node that produced it, when known. */
  nodeTitle?: string;
  /** Whether that node has finished. */
  nodeFinished?: boolean;
}

/** The workflow stopped to wait for input (e.g. a question node). */
export interface WorkflowInterruptEvent {
  /** Discriminator. */
  type: 'interrupt';
  /** Id to resume the run with. */
  eventId: string;
  /** The upstream's kind of interruption. */
  interruptType?: number;
  /** Title of the waiting node, when known. */
  nodeTitle?: string;
}

/** The run has ended normally; nothing follows. */
export interface WorkflowDoneEvent {
  /** Discriminator. */
  type: 'done';
  /** Token accounting, when known. */
  usage?: Usage;
  /** Where the upstream shows the run, when it says. */
  debugUrl?: string;
}

/** The run failed; nothing follows. */
export interface WorkflowErrorEvent {
  /** Discriminator. */
  type: 'error';
  /** What went wrong, with a stable code. */
  error: GatewayError;
}

/** Everything a streamed workflow run can yield. */
export type WorkflowEvent = WorkflowMessageEvent | WorkflowInterruptEvent | WorkflowDoneEvent | WorkflowErrorEvent;

/**
 * Runs the workflows of one provider. `stream` resolves once the upstream has accepted the run and
 * from then on reports failures as `error` events.
 */
export interface WorkflowRunner {
  /** Name of the configured provider instance. */
  readonly provider: string;
  /** The workflow run when a caller names none, if the provider has one configured. */
  readonly defaultWorkflowId?: string;
  /** Run to the end and return the output. */
  run(request: WorkflowRequest, options: CallOptions): Promise<WorkflowResult>;
  /** Start a streamed run. */
  stream(request: WorkflowRequest, options: CallOptions): Promise<AsyncIterable<WorkflowEvent>>;
}
