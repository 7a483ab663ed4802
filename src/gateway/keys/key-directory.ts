import type { Redis } from 'ioredis';
import type { Storage, VirtualKeyRecord } from '../../storage/index.js';
import type { Logger } from '../logger.js';

/** Redis key whose value changes whenever any virtual key is created, changed or revoked. */
export const keysVersionKey = 'keys:version';

interface Cached {
  record: VirtualKeyRecord;
  loadedAt: number;
}

/** How long a cached record is trusted without Redis (changes made by another process, e.g. the CLI). */
const localTtlMs = 5_000;
/** With Redis every request checks the version; this only bounds memory of stale entries. */
const redisTtlMs = 60_000;
const maxEntries = 10_000;

/**
 * Virtual key records by hash and id, cached in memory for the hot path. Changes through this
 * process (admin API) clear the cache at once; with Redis, each lookup first reads one version
 * counter that every change increments, so a revocation on any instance holds on the next request
 * on every instance. Without Redis, changes made by another process are seen within 5 s.
 */
export class KeyDirectory {
  private byHash = new Map<string, Cached>();
  private byId = new Map<string, VirtualKeyRecord>();
  private version: string | null = null;
  /** Bumped on every clear, so a load that started before a change never re-caches the old record. */
  private generation = 0;
  private redisFailing = false;

  constructor(private readonly storage: Storage, private readonly redis: Redis | undefined, private readonly logger: Logger) {}

  /** The key whose secret hashes to `keyHash`, fresh enough to authenticate with. */
  async findByHash(keyHash: string): Promise<VirtualKeyRecord | undefined> {
    if (this.redis) await this.syncVersion(this.redis);
    const cached = this.cached(keyHash, this.redis && !this.redisFailing ? redisTtlMs : localTtlMs);
    if (cached) return cached;
    const generation = this.generation;
    const record = await this.storage.keys.findByHash(keyHash);
    if (generation !== this.generation) return record;
    if (!record) {
      this.byHash.delete(keyHash);
      return undefined;
    }
    if (this.byHash.size >= maxEntries) this.clear();
    this.byHash.set(keyHash, { record, loadedAt: performance.now() });
    this.byId.set(record.id, record);
    return record;
  }

  /** The cached record for `keyHash` when it may be used without asking anyone (no Redis version to check, within its TTL). */
  freshCached(keyHash: string): VirtualKeyRecord | undefined {
    return this.redis ? undefined : this.cached(keyHash, localTtlMs);
  }

  private cached(keyHash: string, ttlMs: number): VirtualKeyRecord | undefined {
    const cached = this.byHash.get(keyHash);
    return cached && performance.now() - cached.loadedAt < ttlMs ? cached.record : undefined;
  }

  /** The record by id: cached (set when the request authenticated), else from storage. */
  async findById(id: string): Promise<VirtualKeyRecord | undefined> {
    return this.byId.get(id) ?? await this.storage.keys.get(id);
  }

  /** The cached record by id, if any (the one this request authenticated with). */
  cachedById(id: string): VirtualKeyRecord | undefined {
    return this.byId.get(id);
  }

  /** After a change: drops this process's cache and tells every other instance (through Redis). */
  async changed(): Promise<void> {
    this.clear();
    if (this.redis) await this.redis.incr(keysVersionKey);
  }

  private clear(): void {
    this.generation++;
    this.byHash = new Map();
    this.byId = new Map();
  }

  private async syncVersion(redis: Redis): Promise<void> {
    let version: string | null;
    try {
      version = await redis.get(keysVersionKey);
    } catch (error) {
      if (!this.redisFailing) this.logger.warn({ err: error }, 'key version check failed; trusting cached keys for 5 s at a time');
      this.redisFailing = true;
      return;
    }
    this.redisFailing = false;
    if (version !== this.version) {
      this.version = version;
      this.clear();
    }
  }
}
