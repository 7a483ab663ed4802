import { InvalidRequestError } from '../../errors/index.js';
import type { ChatModel, ChatResult, EmbeddingModel, ModelInfo, Provider, StreamPart } from '../../spec/index.js';
import type { HuggingFaceSettings } from './huggingface-settings.js';
import { TeiEmbeddingModel } from './tei-embedding-model.js';
import { TgiChatModel } from './tgi-chat-model.js';

/** A Text Generation Inference server through its native `/generate` API. */
export class TgiProvider implements Provider {
  readonly name: string;
  readonly configuredModels: ModelInfo[];
  readonly configured = true;

  constructor(private readonly settings: HuggingFaceSettings) {
    this.name = settings.name;
    this.configuredModels = settings.models;
  }

  chatModel(modelId: string): ChatModel {
    return new TgiChatModel(modelId, this.settings);
  }
}

/** A text-embeddings-inference server: embeddings only. */
export class TeiProvider implements Provider {
  readonly name: string;
  readonly configuredModels: ModelInfo[];
  readonly configured = true;

  constructor(private readonly settings: HuggingFaceSettings) {
    this.name = settings.name;
    this.configuredModels = settings.models;
  }

  chatModel(modelId: string): ChatModel {
    const refuse = (): Error => new InvalidRequestError(`Model "${this.name}/${modelId}" is a text-embeddings-inference model; it does not chat.`, { param: 'model' });
    return {
      provider: this.name,
      modelId,
      generate: (): Promise<ChatResult> => Promise.reject(refuse()),
      stream: (): Promise<AsyncIterable<StreamPart>> => Promise.reject(refuse()),
    };
  }

  embeddingModel(modelId: string): EmbeddingModel {
    return new TeiEmbeddingModel(modelId, this.settings);
  }
}
