import type { RoutingStrategy } from '../../config/index.js';
import type { Deployment } from '../model-registry.js';
import type { DeploymentHealth } from './deployment-health.js';

/** The deployments of one priority group that are still to try: `deployments[i]` with `health[i]`, for `i` in [start, end) not yet `tried`. */
export interface Group {
  deployments: readonly Deployment[];
  health: readonly DeploymentHealth[];
  tried: boolean[];
  start: number;
  end: number;
}

/** Picks one untried deployment by weight: each gets a share of traffic proportional to its weight. */
function weighted(group: Group, random: () => number): number {
  let total = 0;
  for (let i = group.start; i < group.end; i++) if (!group.tried[i]) total += group.deployments[i]!.weight;
  let point = random() * total;
  let last = -1;
  for (let i = group.start; i < group.end; i++) {
    if (group.tried[i]) continue;
    last = i;
    point -= group.deployments[i]!.weight;
    if (point < 0) return i;
  }
  return last;
}

/** Picks the untried deployment with the lowest score; ties are broken at random so equal ones share the traffic. */
function lowest(group: Group, score: (health: DeploymentHealth) => number, random: () => number): number {
  let best = -1;
  let bestScore = Infinity;
  let ties = 0;
  for (let i = group.start; i < group.end; i++) {
    if (group.tried[i]) continue;
    const value = score(group.health[i]!);
    if (value < bestScore) {
      best = i;
      bestScore = value;
      ties = 1;
    } else if (value === bestScore && random() * ++ties < 1) {
      best = i;
    }
  }
  return best;
}

const inFlight = (health: DeploymentHealth) => health.inFlight;
// Never measured counts as fastest, so a new deployment gets tried and measured.
const latency = (health: DeploymentHealth) => health.latencyMs ?? 0;

/** The next deployment of the group under the strategy, or -1 when every one was tried. O(group size), no allocation. */
export function pickNext(strategy: RoutingStrategy, group: Group, random: () => number = Math.random): number {
  switch (strategy) {
    case 'least-inflight': return lowest(group, inFlight, random);
    case 'lowest-latency': return lowest(group, latency, random);
    default: return weighted(group, random);
  }
}
