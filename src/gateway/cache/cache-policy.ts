import type { IncomingHttpHeaders } from 'node:http';
import type { ChatRequest } from '../../spec/index.js';

/** What the cache does for one request: look up and store, only store a fresh answer, or stay out. */
export type CacheDecision = 'use' | 'refresh' | 'bypass';

interface Directives {
  noStore: boolean;
  noCache: boolean;
  force: boolean;
}

function directives(headers: IncomingHttpHeaders | undefined): Directives {
  const names = (headers?.['cache-control'] ?? '').toLowerCase().split(',').map((part) => part.split('=')[0]!.trim());
  const ask = headers?.['x-qiao-cache'];
  return { noStore: names.includes('no-store'), noCache: names.includes('no-cache'), force: typeof ask === 'string' && ask.trim().toLowerCase() === 'force' };
}

/** `cache-control: no-store` keeps the request out of the cache; `no-cache` skips the lookup but stores the fresh answer. */
function fromDirectives(found: Directives): CacheDecision {
  if (found.noStore) return 'bypass';
  return found.noCache ? 'refresh' : 'use';
}

/**
 * A chat request is cached when it is deterministic — `temperature: 0` — or when the client asks
 * with `x-qiao-cache: force` and wants one answer (`n` 1). Several sampled answers are never cached.
 */
export function chatCacheDecision(request: ChatRequest, headers: IncomingHttpHeaders | undefined): CacheDecision {
  const found = directives(headers);
  const deterministic = request.temperature === 0 || (found.force && (request.n ?? 1) === 1);
  return deterministic ? fromDirectives(found) : 'bypass';
}

/** Embeddings are deterministic; only the client's cache-control opts out. */
export function embeddingCacheDecision(headers: IncomingHttpHeaders | undefined): CacheDecision {
  return fromDirectives(directives(headers));
}
