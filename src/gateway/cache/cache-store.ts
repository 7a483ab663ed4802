/** Where cached answers live: serialised JSON under an opaque key, each with its own time to live. */
export interface CacheStore {
  /** The stored value, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /** Stores (or replaces) a value for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
}
