import type { CacheStore } from './cache-store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * A bounded LRU in process memory: a Map keeps insertion order, a read moves the entry to the end,
 * and the oldest entries go once `maxEntries` is passed. Expired entries are dropped when read.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, Entry>();

  /** `clock` returns milliseconds (tests pass a fake one to expire entries without waiting). */
  constructor(private readonly maxEntries: number, private readonly clock: () => number = Date.now) {}

  async get(key: string): Promise<string | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.clock()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.clock() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** How many entries are held (expired ones included until read or evicted). */
  get size(): number {
    return this.entries.size;
  }
}
