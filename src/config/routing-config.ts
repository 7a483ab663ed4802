import type { AliasEntry, RoutingSection, RoutingStrategy } from './routing-schema.js';

/** Per-deployment stream timeouts; unset ones come from the provider, then `routing.firstByteMs` / the provider's idleMs. */
export interface DeploymentTimeouts {
  /** Longest wait from the call to the first part of a streamed answer. */
  firstByteMs?: number;
  /** Longest silence between two parts of a streamed answer. */
  idleMs?: number;
}

/** One deployment of an alias, as configured. */
export interface AliasDeploymentConfig {
  /** `provider/model` or a bare model name. */
  target: string;
  /** Share of traffic under the weighted strategy. */
  weight: number;
  /** Group: lower numbers are tried first; a group is left only when all of it failed. */
  priority: number;
  /** Overrides of the stream timeouts. */
  timeouts?: DeploymentTimeouts;
}

/** An alias after normalisation: every form becomes a strategy and deployments. */
export interface AliasDefinition {
  strategy: RoutingStrategy;
  deployments: AliasDeploymentConfig[];
  /** Tries of each deployment for this alias, over `routing.maxAttemptsPerDeployment`. */
  maxAttemptsPerDeployment?: number;
}

/** Retries, backoff and circuit breaking, with defaults filled in. */
export interface RoutingConfig {
  maxAttemptsPerDeployment: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxRetryAfterMs: number;
  firstByteMs: number;
  breaker: { consecutiveFailures: number; failureRate: number; minimumRequests: number; windowMs: number; halfOpenAfterMs: number };
}

/** A list of targets as an alias: one deployment per priority, in order (a repeated target is a retry of it). */
export function aliasFromTargets(targets: readonly string[], maxAttemptsPerDeployment?: number): AliasDefinition {
  return {
    strategy: 'weighted',
    deployments: targets.map((target, priority) => ({ target, weight: 1, priority })),
    ...(maxAttemptsPerDeployment !== undefined && { maxAttemptsPerDeployment }),
  };
}

/** Normalises the three alias forms of the config file. */
export function resolveAlias(entry: AliasEntry): AliasDefinition {
  if (typeof entry === 'string') return aliasFromTargets([entry]);
  if (Array.isArray(entry)) return aliasFromTargets(entry);
  return {
    strategy: entry.strategy ?? 'weighted',
    ...(entry.maxAttemptsPerDeployment !== undefined && { maxAttemptsPerDeployment: entry.maxAttemptsPerDeployment }),
    deployments: entry.deployments.map((deployment) => ({
      target: deployment.target,
      weight: deployment.weight ?? 1,
      priority: deployment.priority ?? 0,
      ...(deployment.timeouts && { timeouts: deployment.timeouts }),
    })),
  };
}

/** The routing section with its defaults. */
export function resolveRouting(section: RoutingSection = {}): RoutingConfig {
  const breaker = section.breaker ?? {};
  return {
    maxAttemptsPerDeployment: section.maxAttemptsPerDeployment ?? 2,
    baseDelayMs: section.baseDelayMs ?? 250,
    maxDelayMs: section.maxDelayMs ?? 4_000,
    maxRetryAfterMs: section.maxRetryAfterMs ?? 5_000,
    firstByteMs: section.firstByteMs ?? 300_000,
    breaker: {
      consecutiveFailures: breaker.consecutiveFailures ?? 5,
      failureRate: breaker.failureRate ?? 0.5,
      minimumRequests: breaker.minimumRequests ?? 10,
      windowMs: breaker.windowMs ?? 30_000,
      halfOpenAfterMs: breaker.halfOpenAfterMs ?? 15_000,
    },
  };
}
