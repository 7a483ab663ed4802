import { Gauge, type Registry } from 'prom-client';
import type { ModelRegistry } from '../model-registry.js';
import { circuitStates, type DeploymentHealthSource } from './deployment-health.js';

/**
 * Upstream health, read at scrape time: whether each provider answered its last model discovery,
 * and (when a router is watched) each deployment's circuit state and calls in flight.
 */
export function registerHealthGauges(registry: Registry, models: ModelRegistry, deployments: () => DeploymentHealthSource | undefined): void {
  const registers = [registry];
  new Gauge({
    name: 'qiao_provider_up',
    help: 'Whether the provider answered its last model discovery (1) or not (0); absent before the first discovery or for providers that cannot list models.',
    labelNames: ['provider'],
    registers,
    collect() {
      this.reset();
      for (const provider of models.allProviders()) {
        const status = models.discoveryStatus(provider);
        if (status) this.set({ provider: provider.name }, status.reachable ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'qiao_deployment_circuit_state',
    help: 'Circuit breaker state of each deployment: 1 for its current state, 0 for the others.',
    labelNames: ['deployment', 'provider', 'state'],
    registers,
    collect() {
      this.reset();
      for (const health of deployments()?.snapshot() ?? []) {
        for (const state of circuitStates) this.set({ deployment: health.deployment, provider: health.provider, state }, health.circuit === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'qiao_deployment_in_flight',
    help: 'Calls in progress per deployment.',
    labelNames: ['deployment', 'provider'],
    registers,
    collect() {
      this.reset();
      for (const health of deployments()?.snapshot() ?? []) this.set({ deployment: health.deployment, provider: health.provider }, health.in_flight);
    },
  });
}
