import type { ProviderType } from '../provider-type.js';
import { MockProvider } from './mock-provider.js';

/** The built-in mock provider type. */
export const mockProviderType: ProviderType = {
  id: 'mock',
  displayName: 'Qiao mock (offline, deterministic)',
  environmentVariables: ['QIAO_MOCK'],
  create: (options) => new MockProvider({ name: options.name, paceMs: options.paceMs ?? 20 }),
};
