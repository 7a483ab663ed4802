import { InvalidRequestError, NotFoundError } from '../errors/index.js';
import type { Provider, WorkflowEvent, WorkflowRequest, WorkflowResult, WorkflowRunner } from '../spec/index.js';
import type { CallContext } from './chat-service.js';
import type { Admission } from './limits/admission.js';
import type { ModelRegistry } from './model-registry.js';

/** A workflow target resolved to the runner that serves it. */
export interface ResolvedWorkflow {
  /** The provider's runner. */
  runner: WorkflowRunner;
  /** The upstream's workflow id. */
  workflowId: string;
  /** Provider instance name. */
  provider: string;
}

/** Where to run: a provider (or none: the default workflow provider) and a workflow id (or none: that provider's default). */
export interface WorkflowTarget {
  /** Provider instance name. */
  provider?: string;
  /** Workflow id. */
  workflowId?: string;
}

/**
 * Runs workflows of any provider that offers a WorkflowRunner. Knows no provider by name: the
 * default workflow provider is the default provider when it runs workflows, else the first that does.
 */
export class WorkflowService {
  constructor(private readonly registry: ModelRegistry, private readonly defaultProvider?: string, private readonly admission?: Admission) {}

  /** Providers whose protocol runs workflows. */
  providers(): Provider[] {
    return this.registry.allProviders().filter((provider) => provider.workflowRunner !== undefined);
  }

  /** `provider/<workflow_id>` or a bare id (the default workflow provider) as a target. */
  parse(id: string): WorkflowTarget {
    const slash = id.indexOf('/');
    if (slash > 0 && this.registry.provider(id.slice(0, slash))) return { provider: id.slice(0, slash), workflowId: id.slice(slash + 1) || undefined };
    return { workflowId: id };
  }

  /** The runner and workflow id for a target; 4xx errors say what to send. */
  resolve(target: WorkflowTarget): ResolvedWorkflow {
    const runners = this.providers();
    let provider: Provider | undefined;
    if (target.provider !== undefined) {
      provider = this.registry.provider(target.provider);
      if (!provider) throw new NotFoundError(`No provider "${target.provider}" is configured; workflow providers: ${this.names(runners)}.`);
      if (!provider.workflowRunner) throw new InvalidRequestError(`Provider "${target.provider}" does not run workflows; workflow providers: ${this.names(runners)}.`);
    } else {
      provider = runners.find((candidate) => candidate.name === this.defaultProvider) ?? runners[0];
      if (!provider) throw new NotFoundError('No configured provider runs workflows (configure one, e.g. with its API token).');
    }
    const runner = provider.workflowRunner!();
    const workflowId = target.workflowId || runner.defaultWorkflowId;
    if (!workflowId) {
      throw new InvalidRequestError(`No workflow id given and provider "${provider.name}" has no default workflow; send the workflow id (parameters.workflow_id).`, { param: 'workflow_id' });
    }
    return { runner, workflowId, provider: provider.name };
  }

  /** Runs to the end. */
  async run(target: WorkflowTarget, parameters: Record<string, unknown>, context: CallContext, providerOptions?: Record<string, unknown>): Promise<WorkflowResult & ResolvedWorkflow> {
    const resolved = this.resolve(target);
    await this.admission?.admitWorkflow(context, `${resolved.provider}/${resolved.workflowId}`);
    return resolved.runner.run(this.request(resolved, parameters, providerOptions), { abortSignal: context.abortSignal })
      .then((result) => ({ ...result, ...resolved }));
  }

  /** Starts a streamed run; resolves once the upstream has accepted it. */
  async stream(target: WorkflowTarget, parameters: Record<string, unknown>, context: CallContext, providerOptions?: Record<string, unknown>): Promise<ResolvedWorkflow & { events: AsyncIterable<WorkflowEvent> }> {
    const resolved = this.resolve(target);
    await this.admission?.admitWorkflow(context, `${resolved.provider}/${resolved.workflowId}`);
    const events = await resolved.runner.stream(this.request(resolved, parameters, providerOptions), { abortSignal: context.abortSignal });
    return { ...resolved, events };
  }

  private request(resolved: ResolvedWorkflow, parameters: Record<string, unknown>, providerOptions?: Record<string, unknown>): WorkflowRequest {
    return { workflowId: resolved.workflowId, parameters, ...(providerOptions && { providerOptions }) };
  }

  private names(providers: Provider[]): string {
    return providers.length ? providers.map((provider) => provider.name).join(', ') : 'none';
  }
}
