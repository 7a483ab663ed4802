/**
 * Qiao as a library (`import { … } from 'qiao'`): the seed's Python API in TypeScript, built on the
 * gateway's own components, plus what it takes to embed the server. See docs/library.md.
 */
export * from './library/index.js';
export { cosineSimilarity, type MetadataFilter, type VectorMatch } from './gateway/index.js';
export { loadConfig, ConfigError, type QiaoConfig } from './config/index.js';
export { createGateway } from './server/create-gateway.js';
export { buildApp } from './server/build-app.js';
export { listen } from './server/listen.js';
export {
  GatewayError, InvalidRequestError, NotFoundError, ModelNotFoundError, AuthenticationError, RateLimitError, UpstreamError,
  EmbeddingDimensionError, VectorStoreUnavailableError,
} from './errors/index.js';
export type * from './spec/index.js';
/** A conversation fitted to a token budget, dropping or summarising the oldest turns (seed 002's `ConversationMemory`; what threads use). See examples/conversation-memory.ts. */
export { ConversationMemory, type ConversationMemoryOptions, type MemoryPolicy, type Summarizer, type CompressResult } from './gateway/memory/conversation-memory.js';
