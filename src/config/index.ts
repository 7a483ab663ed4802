export { loadConfig, readEnvironment, type LoadConfigOptions } from './load-config.js';
export { ConfigError } from './config-error.js';
export type { QiaoConfig, ResolvedProviderConfig, TelemetryConfig } from './qiao-config.js';
export type { MemorySettings } from './qiao-config.js';
export { aliasFromTargets, resolveRouting, type AliasDefinition, type AliasDeploymentConfig, type DeploymentTimeouts, type RoutingConfig } from './routing-config.js';
export type { RoutingStrategy } from './routing-schema.js';
