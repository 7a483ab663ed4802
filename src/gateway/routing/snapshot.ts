import type { Deployment, ModelRegistry } from '../model-registry.js';
import type { CircuitName } from './circuit.js';
import type { DeploymentHealth } from './deployment-health.js';

/** One deployment's routing state, for `/health`, `GET /admin/deployments` and metrics. */
export interface DeploymentSnapshot {
  /** The alias it serves; absent for a deployment used directly as `provider/model`. */
  alias?: string;
  /** `provider/model`. */
  deployment: string;
  provider: string;
  model: string;
  weight: number;
  priority: number;
  circuit: CircuitName;
  inFlight: number;
  /** Moving average of the time to an accepted answer, ms; null before the first. */
  latencyMsEwma: number | null;
  /** Moving average of failures, 0 … 1. */
  errorRate: number;
  /** The last failure's message. */
  lastError?: string;
}

function snapshotOf(deployment: Pick<Deployment, 'name' | 'weight' | 'priority'> & { provider: string; model: string }, health: DeploymentHealth, alias?: string): DeploymentSnapshot {
  return {
    ...(alias !== undefined && { alias }),
    deployment: deployment.name,
    provider: deployment.provider,
    model: deployment.model,
    weight: deployment.weight,
    priority: deployment.priority,
    circuit: health.circuit.name,
    inFlight: health.inFlight,
    latencyMsEwma: health.latencyMs === undefined ? null : Math.round(health.latencyMs * 10) / 10,
    errorRate: Math.round(health.errorRate * 1000) / 1000,
    ...(health.lastError && { lastError: health.lastError.message }),
  };
}

/** Every deployment of every alias (resolvable now), then every other deployment used so far. */
export function deploymentSnapshots(registry: ModelRegistry, tracked: ReadonlyMap<string, DeploymentHealth>, health: (name: string) => DeploymentHealth): DeploymentSnapshot[] {
  const snapshots: DeploymentSnapshot[] = [];
  const inAliases = new Set<string>();
  for (const [alias] of registry.allAliases()) {
    let deployments: Deployment[];
    try {
      deployments = registry.resolve(alias).deployments;
    } catch {
      continue;
    }
    for (const deployment of deployments) {
      inAliases.add(deployment.name);
      snapshots.push(snapshotOf({ ...deployment, provider: deployment.provider.name, model: deployment.modelId }, health(deployment.name), alias));
    }
  }
  for (const [name, entry] of tracked) {
    if (inAliases.has(name)) continue;
    const slash = name.indexOf('/');
    snapshots.push(snapshotOf({ name, provider: name.slice(0, slash), model: name.slice(slash + 1), weight: 1, priority: 0 }, entry));
  }
  return snapshots;
}

/** The snapshot as `/health` and `GET /admin/deployments` send it (snake_case). */
export function deploymentsReport(snapshots: readonly DeploymentSnapshot[]): Record<string, unknown>[] {
  return snapshots.map((entry) => ({
    ...(entry.alias !== undefined && { alias: entry.alias }),
    deployment: entry.deployment,
    provider: entry.provider,
    model: entry.model,
    weight: entry.weight,
    priority: entry.priority,
    circuit: entry.circuit,
    in_flight: entry.inFlight,
    latency_ms_ewma: entry.latencyMsEwma,
    error_rate: entry.errorRate,
    ...(entry.lastError !== undefined && { last_error: entry.lastError }),
  }));
}
