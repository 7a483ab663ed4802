export { ModelRegistry, type Route, type Deployment, type ListedModel } from './model-registry.js';
export { ChatService, type CallContext, type StreamOutcome, type Served } from './chat-service.js';
export { UsageRecorder } from './usage-recorder.js';
export { ApiKeyGuard, presentedKey } from './api-key-guard.js';
export { silentLogger, type Logger } from './logger.js';
export { closeMatches } from './close-matches.js';
export { RuntimeProviders, type CoreModel, type RuntimeProviderSettings } from './runtime-providers.js';
