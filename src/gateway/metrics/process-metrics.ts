import { Registry, collectDefaultMetrics } from 'prom-client';

let shared: Registry | undefined;

/**
 * prom-client's default process metrics (CPU, memory, event loop lag, GC, handles), registered once
 * per process: they describe the process, not one gateway, and each registration adds observers.
 */
export function processMetrics(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
