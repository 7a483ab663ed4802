export type { Storage, RequestLogEntry, RuntimeProviderRecord, StoredRuntimeProvider, CoreModelRecord } from './storage.js';
export { openSqliteStorage } from './sqlite/open-sqlite.js';
export { openRedis } from './redis-client.js';
export type { BudgetPeriod, KeyBudget, VirtualKeyRecord, VirtualKeySettings, VirtualKeyStore } from './virtual-key.js';
export type { LogQuery, Spend, UsageFilter, UsageGrouping, UsageSummaryRow } from './usage-query.js';
