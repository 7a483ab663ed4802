export { GatewayError, type GatewayErrorOptions } from './gateway-error.js';
export * from './client-errors.js';
export * from './upstream-errors.js';
export { upstreamErrorFromStatus, toGatewayError } from './from-upstream.js';
export * from './thread-errors.js';
export * from './vector-store-errors.js';
export * from './limit-errors.js';
export { DeploymentsUnavailableError, ShuttingDownError } from './routing-errors.js';
