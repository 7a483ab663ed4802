import type { ProviderType } from './provider-type.js';

const providerTypes = new Map<string, ProviderType>();

/** Makes a provider type available to config (`type: <id>`). Adding a provider is one folder and this one call. */
export function registerProviderType(type: ProviderType): void {
  providerTypes.set(type.id, type);
}

/** A registered provider type by id. */
export function findProviderType(id: string): ProviderType | undefined {
  return providerTypes.get(id);
}

/** Every registered provider type, in registration order. */
export function allProviderTypes(): ProviderType[] {
  return [...providerTypes.values()];
}
