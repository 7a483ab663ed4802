export { Router, type RouterOptions, type RoutedCall, type DeploymentCall } from './router.js';
export { attemptsHeader, type AttemptRecord } from './attempt-log.js';
export { deploymentsReport, type DeploymentSnapshot } from './snapshot.js';
export type { CircuitName } from './circuit.js';
export { idleTimer, type OpenedStream } from './opened-stream.js';
export { clientLinkOf, type ClientLink } from './client-link.js';
