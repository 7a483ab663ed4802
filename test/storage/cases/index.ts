import type { StorageContractCase } from '../storage-engines.js';
import { migrationCases } from './migration.cases.js';
import { requestLogCases } from './request-log.cases.js';
import { runtimeConfigCases } from './runtime-config.cases.js';

/** Every case of the Storage contract. A new store adds its `<store>.cases.ts` here. */
export const storageContractCases: StorageContractCase[] = [
  ...migrationCases,
  ...requestLogCases,
  ...runtimeConfigCases,
];
