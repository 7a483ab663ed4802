export { GatewayMetrics, type StreamObserver } from './gateway-metrics.js';
export type { CircuitState, DeploymentHealth, DeploymentHealthSource } from './deployment-health.js';
