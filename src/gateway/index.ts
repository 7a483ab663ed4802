export type { Gateway } from './gateway.js';
export { healthReport } from './health-report.js';
export { HeartbeatMonitor } from './heartbeat-monitor.js';
export { qiaoVersion } from './qiao-version.js';
export { libraryVersions } from './library-versions.js';
export { ModelRegistry, type Route, type Deployment, type ListedModel } from './model-registry.js';
export { ChatService, type CallContext, type StreamOutcome, type Served } from './chat-service.js';
export { UsageRecorder } from './usage-recorder.js';
export { presentedKey, type ApiKeyGuard } from './api-key-guard.js';
export { silentLogger, type Logger } from './logger.js';
export { closeMatches } from './close-matches.js';
export { RuntimeProviders, type CoreModel, type RuntimeProviderSettings } from './runtime-providers.js';
export { WorkflowService, type WorkflowTarget, type ResolvedWorkflow } from './workflow-service.js';
export { anonymousCaller, type Caller } from './caller.js';
export { GatewayMetrics, type StreamObserver, type DeploymentHealthSource, type DeploymentHealth, type CircuitState } from './metrics/index.js';
export { ForwardingLogger } from './forwarding-logger.js';
export { ThreadService } from './threads/thread-service.js';
export { ConversationMemory, type ConversationMemoryOptions, type MemoryPolicy, type Summarizer, type CompressResult } from './memory/conversation-memory.js';
export {
  VectorStoreService, chatServiceEmbedder, cosineSimilarity, defaultVectorStoreSettings,
  type VectorStoreSettings, type VectorStorageSource, type Embedder, type DocumentInput, type SearchInput,
  type MetadataFilter, type VectorCollectionRecord, type VectorDocument, type VectorMatch,
} from './vectors/index.js';
export { KeyAuthenticator } from './keys/key-authenticator.js';
export { KeyDirectory } from './keys/key-directory.js';
export { KeyService, type VirtualKeyPatch, type CreatedKey } from './keys/key-service.js';
export { Admission, currentAccount } from './limits/admission.js';
export { PriceTable } from './usage/price-table.js';
export type { ModelPrice } from './usage/default-prices.js';
export { Router, attemptsHeader, clientLinkOf, deploymentsReport, type RouterOptions, type AttemptRecord, type DeploymentSnapshot, type ClientLink } from './routing/index.js';
