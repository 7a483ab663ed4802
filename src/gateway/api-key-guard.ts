import type { Caller } from './caller.js';

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
 * The key check every dialect runs on every request (see keys/key-authenticator.ts): who is
 * calling, or an AuthenticationError. Resolves synchronously when the answer is already known.
 */
export interface ApiKeyGuard {
  /** Whether keys are checked at all (an admin key or the gateway key is configured). */
  readonly enabled: boolean;
  /** The caller the headers identify; throws AuthenticationError unless auth is off or they carry a valid key. */
  check(headers: Record<string, string | string[] | undefined>): Caller | Promise<Caller>;
}
