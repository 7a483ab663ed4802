import type { ChatModel, EmbeddingModel, ModelInfo, Provider } from '../../spec/index.js';
import { MockChatModel, type MockBehaviour } from './mock-chat-model.js';
import { MockEmbeddingModel } from './mock-embedding-model.js';

/** Settings of the built-in mock provider. */
export interface MockSettings {
  /** Provider instance name, normally `mock`. */
  name: string;
  /** Delay before each streamed word, in milliseconds. */
  paceMs: number;
}

const behaviours: Record<string, MockBehaviour> = { 'mock-echo': 'echo', 'mock-think': 'think', 'mock-tools': 'tools' };

/** The built-in offline provider: what the quick start answers with when no key is configured, and what benchmarks use. */
export class MockProvider implements Provider {
  readonly name: string;
  readonly configured = true;
  readonly configuredModels: ModelInfo[] = [
    { id: 'mock-echo', capabilities: ['chat'], contextWindow: 32_768, ownedBy: 'qiao' },
    { id: 'mock-think', capabilities: ['chat', 'reasoning'], contextWindow: 32_768, ownedBy: 'qiao' },
    { id: 'mock-tools', capabilities: ['chat', 'tools'], contextWindow: 32_768, ownedBy: 'qiao' },
    { id: 'mock-embed', capabilities: ['embedding'], contextWindow: 8_192, ownedBy: 'qiao' },
  ];

  constructor(private readonly settings: MockSettings) {
    this.name = settings.name;
  }

  chatModel(modelId: string): ChatModel {
    // Any other name echoes, so an existing app pointed at a key-less quick start just works.
    return new MockChatModel(modelId, behaviours[modelId] ?? 'echo', this.settings.paceMs, this.name);
  }

  embeddingModel(modelId: string): EmbeddingModel {
    return new MockEmbeddingModel(modelId, this.name);
  }
}
