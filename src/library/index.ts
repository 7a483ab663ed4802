export { ModelConfig, type ModelConfigOptions } from './model-config.js';
export { ModelRunner, type GenerateOptions, type SimpleMessage } from './model-runner.js';
export { OllamaRunner, OpenAIRunner, HuggingFaceRunner, MixedModelRunner, getModelRunner, type MixedModelConfig } from './runners.js';
export { ChatAdapter, TextGenerationAdapter, EmbeddingAdapter } from './adapters.js';
export { ConfigManager, type ConfigManagerOptions } from './config-manager.js';
export { createLogger, type CreateLoggerOptions, type QiaoLogger } from './create-logger.js';
export { VectorStore, type VectorStoreDocument, type VectorStoreOptions } from './vector-store.js';
export type { RunnerOptions, ModelRole } from './library-services.js';
