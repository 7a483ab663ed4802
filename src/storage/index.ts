export type { Storage, RequestLogEntry, RuntimeProviderRecord, StoredRuntimeProvider, CoreModelRecord } from './storage.js';
export { openSqliteStorage } from './sqlite/open-sqlite.js';
export { openRedis } from './redis-client.js';
export { openSqliteVectorStorage, type VectorStorage, type MetadataFilter, type VectorMatch, type VectorCollectionRecord } from './vector/index.js';
