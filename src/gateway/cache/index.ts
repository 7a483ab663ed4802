export { ResponseCache, recordingStream, replayStream, replayedDeployment, cacheHitEntry, cacheHeader, type CacheTicket, type CachedAnswer } from './response-cache.js';
export { createResponseCache } from './create-response-cache.js';
export { MemoryCacheStore } from './memory-cache-store.js';
export { RedisCacheStore } from './redis-cache-store.js';
export type { CacheStore } from './cache-store.js';
export { cacheKey, canonicalJson, type CacheMode } from './cache-key.js';
export { chatCacheDecision, embeddingCacheDecision, type CacheDecision } from './cache-policy.js';
