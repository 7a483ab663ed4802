import { createHash } from 'node:crypto';

/** Which kind of answer an entry holds; one request asked as JSON and as a stream are two entries. */
export type CacheMode = 'json' | 'stream' | 'embedding';

/** JSON with object keys sorted at every depth and undefined fields left out, so equal requests give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) => {
    if (nested === null || typeof nested !== 'object' || Array.isArray(nested)) return nested;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(nested).sort()) sorted[key] = (nested as Record<string, unknown>)[key];
    return sorted;
  });
}

/**
 * The cache key: a SHA-256 over the caller's owner scope, the kind of answer, the deployments the
 * model resolved to, and the canonical spec request. One owner's entries never answer another.
 */
export function cacheKey(ownerId: string, mode: CacheMode, deployments: string[], request: unknown): string {
  return createHash('sha256').update(JSON.stringify(['v1', ownerId, mode, deployments])).update('\n').update(canonicalJson(request)).digest('hex');
}
