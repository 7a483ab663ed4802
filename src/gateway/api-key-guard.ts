import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthenticationError } from '../errors/index.js';
import { anonymousCaller, type Caller } from './caller.js';

const gatewayCaller: Caller = Object.freeze({ ownerId: 'gateway', isAdmin: true });

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Pulls a key from `Authorization: Bearer …`, `x-api-key` or `api-key`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1];
  }
  for (const name of ['x-api-key', 'api-key']) {
    const value = headers[name];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

/**
 * The gateway-wide API key switch (`api.auth_enabled` / `api.api_key`, seed 002): when on, every
 * route needs the key. Keys are compared as SHA-256 digests in constant time.
 */
export class ApiKeyGuard {
  private readonly expected?: Buffer;

  constructor(readonly enabled: boolean, apiKey?: string) {
    this.expected = apiKey ? digest(apiKey) : undefined;
  }

  /** The caller the headers identify; throws AuthenticationError unless auth is off or they carry the key. */
  check(headers: Record<string, string | string[] | undefined>): Caller {
    if (!this.enabled) return anonymousCaller;
    const key = presentedKey(headers);
    if (key === undefined) throw new AuthenticationError('Missing API key: send it as "Authorization: Bearer <key>".');
    if (!this.expected || !timingSafeEqual(digest(key), this.expected)) throw new AuthenticationError('Invalid API key.');
    return gatewayCaller;
  }
}
