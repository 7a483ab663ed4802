export type { Storage, RequestLogEntry, RuntimeProviderRecord, StoredRuntimeProvider, CoreModelRecord } from './storage.js';
export { openSqliteStorage } from './sqlite/open-sqlite.js';
export { describeStorage, openStorage, storageEngine, type StorageSettings } from './open-storage.js';
export { connectRedis, describeRedis } from './redis-connect.js';
export type { ThreadStore, ThreadRecord, ThreadMessageRecord, ThreadTurnRecord, MessageQuery } from './thread-records.js';
export { openSqliteVectorStorage, type VectorStorage, type MetadataFilter, type VectorMatch, type VectorCollectionRecord } from './vector/index.js';
export type { BudgetPeriod, KeyBudget, VirtualKeyRecord, VirtualKeySettings, VirtualKeyStore } from './virtual-key.js';
export type { LogQuery, Spend, UsageFilter, UsageGrouping, UsageSummaryRow } from './usage-query.js';
