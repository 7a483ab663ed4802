export type { Storage, RequestLogEntry } from './storage.js';
export { openSqliteStorage } from './sqlite/open-sqlite.js';
