/** Circuit-breaker state of one deployment. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** What /metrics reports of one deployment at scrape time. */
export interface DeploymentHealth {
  /** Deployment name, e.g. `openai-b/gpt-4o`. */
  deployment: string;
  /** Provider instance name. */
  provider: string;
  /** Its circuit breaker's state. */
  circuit: CircuitState;
  /** Calls to it currently in progress. */
  in_flight: number;
}

/**
 * Where per-deployment health comes from (the router); read once per scrape, never per request.
 * Wire one with `GatewayMetrics.watchDeployments(source)`.
 */
export interface DeploymentHealthSource {
  /** The current state of every deployment. */
  snapshot(): DeploymentHealth[];
}

/** Every circuit state, so each deployment reports all three (1 for the current one, 0 otherwise). */
export const circuitStates: readonly CircuitState[] = ['closed', 'open', 'half-open'];
