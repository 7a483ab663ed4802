export { registerBuiltinProviders } from './builtin.js';
export { registerProviderType, findProviderType, allProviderTypes } from './provider-registry.js';
export type { ProviderType, ProviderInstanceOptions, Environment } from './provider-type.js';
