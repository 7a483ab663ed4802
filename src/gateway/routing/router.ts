import type { RoutingConfig } from '../../config/index.js';
import { ClientClosedError, DeploymentsUnavailableError, type GatewayError, toGatewayError } from '../../errors/index.js';
import type { StreamPart } from '../../spec/index.js';
import type { Deployment, ModelRegistry, Route } from '../model-registry.js';
import { AttemptControl } from './attempt-control.js';
import type { ClientLink } from './client-link.js';
import { failedAttempt, type AttemptRecord } from './attempt-log.js';
import { DeploymentHealth } from './deployment-health.js';
import { openStream, type OpenedStream } from './opened-stream.js';
import { abortableSleep, RetrySchedule } from './retry-schedule.js';
import { deploymentSnapshots, type DeploymentSnapshot } from './snapshot.js';
import { pickNext, type Group } from './strategies.js';

/** What the router is built from; `sleep` and `random` are replaceable so tests need no real waits or luck. */
export interface RouterOptions {
  registry: ModelRegistry;
  routing: RoutingConfig;
  /** `providers.<name>.timeouts.firstByteMs` by provider instance name. */
  providerFirstByteMs?: ReadonlyMap<string, number>;
  /** How backoff waits; the default is a timer that the client leaving cuts short. */
  sleep?: (ms: number, client: ClientLink) => Promise<void>;
  random?: () => number;
}

/** A call an upstream accepted: the value, where it came from, and the try to release when the answer ends. */
export interface RoutedCall<T> {
  value: T;
  deployment: Deployment;
  /** Tries made (skipped open circuits not counted). */
  attempts: number;
  control: AttemptControl;
  health: DeploymentHealth;
}

/** What one try does with a deployment, given the try's abort signal. */
export type DeploymentCall<T> = (deployment: Deployment, signal: AbortSignal) => Promise<T>;

/** Health entries kept for deployments that no alias names (any `provider/model` a client sends). */
const maxTrackedDeployments = 4096;

/**
 * Routes a call over the deployments of a route: priority groups in order, the strategy picking
 * within a group, open circuits skipped, retryable failures retried on the same deployment with
 * backoff (honouring `retry-after` up to a cap) and then the next — all before the first byte.
 * Every try lands in the attempt log it is given.
 */
export class Router {
  private readonly healthByName = new Map<string, DeploymentHealth>();
  private readonly active = new Set<AttemptControl>();
  private readonly schedule: () => RetrySchedule;
  private readonly sleep: (ms: number, client: ClientLink) => Promise<void>;
  private readonly random: () => number;
  private stopping: GatewayError | undefined;

  constructor(private readonly options: RouterOptions) {
    this.schedule = RetrySchedule.from(options.routing);
    this.sleep = options.sleep ?? abortableSleep;
    this.random = options.random ?? Math.random;
  }

  /** A complete answer (JSON): the try is released when `call` settles. */
  async call<T>(route: Route, client: ClientLink, log: AttemptRecord[], call: DeploymentCall<T>): Promise<RoutedCall<T>> {
    const routed = await this.route(route, client, log, (deployment, control) => call(deployment, control.signal));
    this.finish(routed);
    return routed;
  }

  /** A stream, accepted once its first part of the answer arrived; call `finish` when it ends. */
  stream(route: Route, client: ClientLink, log: AttemptRecord[], call: DeploymentCall<AsyncIterable<StreamPart>>): Promise<RoutedCall<OpenedStream>> {
    return this.route(route, client, log, (deployment, control) => openStream(
      () => call(deployment, control.signal), control, this.firstByteMs(deployment), deployment.name,
    ));
  }

  /** Ends an accepted call: no longer in flight; a failure after acceptance counts in its error rate. */
  finish(routed: RoutedCall<unknown>, error?: GatewayError): void {
    routed.health.inFlight--;
    routed.control.release();
    this.active.delete(routed.control);
    if (error) routed.health.failed(error);
  }

  /** The health of a deployment by name (created on first use). */
  health(name: string): DeploymentHealth {
    let health = this.healthByName.get(name);
    if (!health) {
      if (this.healthByName.size >= maxTrackedDeployments) this.forgetOneIdle();
      this.healthByName.set(name, health = new DeploymentHealth(this.options.routing.breaker));
    }
    return health;
  }

  /** Every deployment of every alias, then any other deployment used so far, with its health. */
  snapshot(): DeploymentSnapshot[] {
    return deploymentSnapshots(this.options.registry, this.healthByName, (name) => this.health(name));
  }

  /** Shutdown: every call still running ends now with `error` (in-band for streams), and no new try starts. */
  abortAll(error: GatewayError): void {
    this.stopping = error;
    for (const control of this.active) control.abort(error);
  }

  private firstByteMs(deployment: Deployment): number {
    return deployment.timeouts?.firstByteMs ?? this.options.providerFirstByteMs?.get(deployment.provider.name) ?? this.options.routing.firstByteMs;
  }

  private async route<T>(route: Route, client: ClientLink, log: AttemptRecord[], attempt: (deployment: Deployment, control: AttemptControl) => Promise<T>): Promise<RoutedCall<T>> {
    const deployments = route.deployments;
    let group: Group | undefined;
    let lastError: GatewayError | undefined;
    let probeInMs = Infinity;
    for (let start = 0; start < deployments.length;) {
      let end = start + 1;
      while (end < deployments.length && deployments[end]!.priority === deployments[start]!.priority) end++;
      for (let left = end - start; left > 0; left--) {
        let index = start;
        if (end - start > 1) {
          group ??= { deployments, health: deployments.map((deployment) => this.health(deployment.name)), tried: new Array<boolean>(deployments.length).fill(false), start, end };
          group.start = start;
          group.end = end;
          index = pickNext(route.strategy, group, this.random);
          group.tried[index] = true;
        }
        const deployment = deployments[index]!;
        const health = group?.health[index] ?? this.health(deployment.name);
        if (!health.circuit.available()) {
          log.push({ deployment: deployment.name, status: 0, code: 'circuit_open', ms: 0 });
          probeInMs = Math.min(probeInMs, health.circuit.msUntilProbe());
          continue;
        }
        const outcome = await this.tryDeployment(deployment, health, client, log, attempt, route.maxAttemptsPerDeployment ?? this.options.routing.maxAttemptsPerDeployment);
        if (!(outcome instanceof Error)) return { value: outcome.value, control: outcome.control, deployment, attempts: countTries(log), health };
        lastError = outcome;
        if (!outcome.retryable || client.gone || this.stopping) throw outcome;
      }
      start = end;
    }
    if (lastError) throw lastError;
    throw new DeploymentsUnavailableError(
      `Every deployment of "${route.requested}" is failing and paused by its circuit breaker (${deployments.map((deployment) => deployment.name).join(', ')}); try again shortly.`,
      { retryAfterSeconds: Number.isFinite(probeInMs) ? Math.max(1, Math.ceil(probeInMs / 1000)) : undefined },
    );
  }

  /** Tries one deployment until it answers, fails for good, or its retries are used up; returns the last failure. */
  private async tryDeployment<T>(deployment: Deployment, health: DeploymentHealth, client: ClientLink, log: AttemptRecord[],
    attempt: (deployment: Deployment, control: AttemptControl) => Promise<T>, maxTries: number): Promise<{ value: T; control: AttemptControl } | GatewayError> {
    let schedule: RetrySchedule | undefined;
    for (let tries = 1; ; tries++) {
      const control = new AttemptControl(client);
      if (this.stopping) control.abort(this.stopping);
      this.active.add(control);
      health.inFlight++;
      const started = performance.now();
      try {
        const value = await health.circuit.run(() => attempt(deployment, control));
        const ms = performance.now() - started;
        health.succeeded(ms);
        log.push({ deployment: deployment.name, status: 200, ms: Math.round(ms) });
        return { value, control };
      } catch (thrown) {
        health.inFlight--;
        control.release();
        this.active.delete(control);
        const error = control.explain(toGatewayError(thrown));
        health.failed(error);
        const record = failedAttempt(deployment.name, error, performance.now() - started);
        log.push(record);
        if (!error.retryable || tries >= maxTries || client.gone || this.stopping) return error;
        if (!health.circuit.available()) return error;
        schedule ??= this.schedule();
        const wait = schedule.next(error);
        if (wait === undefined) return error;
        record.waitMs = wait;
        await this.sleep(wait, client);
        if (client.gone) return new ClientClosedError('The client closed the connection while Qiao waited to retry.');
      }
    }
  }

  /** Drops the health of one deployment with nothing in flight (the oldest such), to bound memory. */
  private forgetOneIdle(): void {
    for (const [name, health] of this.healthByName) {
      if (health.inFlight === 0) {
        this.healthByName.delete(name);
        return;
      }
    }
  }
}

function countTries(log: readonly AttemptRecord[]): number {
  let tries = 0;
  for (const entry of log) if (entry.status !== 0) tries++;
  return tries;
}
