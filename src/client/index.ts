export {
  AIPlatformClient, AIPlatformError,
  type AIPlatformClientOptions, type CallOptions, type ChunkCallback, type PlatformMessage, type PlatformStream, type PlatformStreamEvent,
} from './ai-platform-client.js';
