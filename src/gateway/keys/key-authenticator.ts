import { hash, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '../../errors/index.js';
import type { ApiKeyGuard } from '../api-key-guard.js';
import { presentedKey } from '../api-key-guard.js';
import { anonymousCaller, type Caller } from '../caller.js';
import type { VirtualKeyRecord } from '../../storage/index.js';
import type { KeyDirectory } from './key-directory.js';
import { secretPrefix } from './key-secret.js';

const adminCaller: Caller = Object.freeze({ ownerId: 'admin', isAdmin: true });
const gatewayCaller: Caller = Object.freeze({ ownerId: 'gateway', isAdmin: true });

// One-shot `hash`, not `createHash(…).update(…).digest()`: half the CPU, and this runs on every request.
const digest = (value: string) => hash('sha256', value, 'buffer');

/** One message for every rejected key, so the answer never tells whether a key exists, was revoked or expired. */
const invalidKey = () => new AuthenticationError('Invalid API key.');

/** The configured keys: the admin key (`api.admin_key`) and the single gateway key (`api.api_key`, seed 002). */
export interface ConfiguredKeys {
  adminKey?: string;
  gatewayKey?: string;
}

/**
 * Who is calling. Auth is on as soon as an admin key or the gateway key is configured; then every
 * route needs one of them or a valid virtual key. Configured keys are compared as SHA-256 digests
 * in constant time; virtual keys are looked up by the SHA-256 of the secret (cached in memory).
 */
export class KeyAuthenticator implements ApiKeyGuard {
  readonly enabled: boolean;
  private readonly adminDigest?: Buffer;
  private readonly gatewayDigest?: Buffer;
  private readonly callers = new WeakMap<object, Caller>();

  constructor(keys: ConfiguredKeys, private readonly directory: KeyDirectory) {
    this.adminDigest = keys.adminKey ? digest(keys.adminKey) : undefined;
    this.gatewayDigest = keys.gatewayKey ? digest(keys.gatewayKey) : undefined;
    this.enabled = Boolean(this.adminDigest ?? this.gatewayDigest);
  }

  check(headers: Record<string, string | string[] | undefined>): Caller | Promise<Caller> {
    if (!this.enabled) return anonymousCaller;
    const key = presentedKey(headers);
    if (key === undefined) throw new AuthenticationError('Missing API key: send it as "Authorization: Bearer <key>".');
    const presented = digest(key);
    if (this.adminDigest && timingSafeEqual(presented, this.adminDigest)) return adminCaller;
    if (this.gatewayDigest && timingSafeEqual(presented, this.gatewayDigest)) return gatewayCaller;
    if (!key.startsWith(secretPrefix)) throw invalidKey();
    const keyHash = presented.toString('hex');
    const cached = this.directory.freshCached(keyHash);
    return cached ? this.callerOf(cached) : this.virtualCaller(keyHash);
  }

  private async virtualCaller(keyHash: string): Promise<Caller> {
    return this.callerOf(await this.directory.findByHash(keyHash));
  }

  private callerOf(record: VirtualKeyRecord | undefined): Caller {
    if (!record || record.revokedAt || (record.expiresAt && record.expiresAt.getTime() <= Date.now())) throw invalidKey();
    let caller = this.callers.get(record);
    if (!caller) {
      caller = Object.freeze({ ownerId: record.id, isAdmin: false, keyId: record.id });
      this.callers.set(record, caller);
    }
    return caller;
  }
}
