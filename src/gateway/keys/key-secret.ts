import { createHash, randomBytes } from 'node:crypto';

const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Every virtual key's secret starts with this, so it is recognisable (and scannable) as a Qiao key. */
export const secretPrefix = 'qk-';

/** `length` characters drawn uniformly from base62 (rejection sampling: no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += base62[byte % 62];
    }
  }
  return out;
}

/** A new secret: `qk-` and 40 base62 characters (≈238 bits). */
export function newKeySecret(): string {
  return `${secretPrefix}${randomBase62(40)}`;
}

/** A new key id, e.g. `key_4fQ9…`; not secret. */
export function newKeyId(): string {
  return `key_${randomBase62(16)}`;
}

/**
 * The stored form of a secret: SHA-256, hex. A fast hash is enough for 238 random bits (no
 * dictionary to try); looking it up by hash means the secret is never compared character by character.
 */
export function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** What is shown to recognise a key without revealing it: `qk-AbCd1234…`. */
export function keyPrefixOf(secret: string): string {
  return `${secret.slice(0, secretPrefix.length + 8)}…`;
}
