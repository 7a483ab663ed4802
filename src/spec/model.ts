import type { ChatRequest, ChatResult } from './chat.js';
import type { EmbeddingRequest, EmbeddingResult } from './embedding.js';
import type { StreamPart } from './stream.js';
import type { WorkflowRunner } from './workflow.js';

/** Per-call settings that are not part of the request itself. */
export interface CallOptions {
  /** Aborts the upstream call, e.g. when the client disconnects. */
  abortSignal?: AbortSignal;
  /** Extra headers for the upstream request. */
  headers?: Record<string, string>;
}

/**
 * A chat model of one provider. `stream` resolves once the upstream has accepted the call
 * (so a router can still retry or fall back), and from then on reports failures as `error` parts.
 */
export interface ChatModel {
  /** Name of the configured provider instance, e.g. `dashscope`. */
  readonly provider: string;
  /** The upstream's model id. */
  readonly modelId: string;
  /** Generate a complete answer. */
  generate(request: ChatRequest, options: CallOptions): Promise<ChatResult>;
  /** Start a streamed answer. */
  stream(request: ChatRequest, options: CallOptions): Promise<AsyncIterable<StreamPart>>;
}

/** An embedding model of one provider. */
export interface EmbeddingModel {
  /** Name of the configured provider instance. */
  readonly provider: string;
  /** The upstream's model id. */
  readonly modelId: string;
  /** Embed the inputs. */
  embed(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResult>;
}

/** What a model can do, as far as Qiao knows. */
export type ModelCapability = 'chat' | 'embedding' | 'vision' | 'tools' | 'reasoning';

/** A model a provider offers. */
export interface ModelInfo {
  /** The upstream's model id. */
  id: string;
  /** What it does; `chat` when unknown. */
  capabilities?: ModelCapability[];
  /** Context window in tokens, when known. */
  contextWindow?: number;
  /** Who publishes it, for `/v1/models` `owned_by`. */
  ownedBy?: string;
}

/** A configured upstream: one credential set for one protocol. */
export interface Provider {
  /** Instance name, the prefix in `provider/model`. */
  readonly name: string;
  /** Models known from configuration, before discovery. */
  readonly configuredModels: ModelInfo[];
  /** Whether the provider has what it needs to make calls (key, URL). */
  readonly configured: boolean;
  /** A chat model by upstream id. */
  chatModel(modelId: string): ChatModel;
  /** An embedding model by upstream id; absent when the protocol has none. */
  embeddingModel?(modelId: string): EmbeddingModel;
  /** Ask the upstream which models it serves; absent when it cannot say. */
  discoverModels?(options: CallOptions): Promise<ModelInfo[]>;
  /** Runs the provider's workflows; absent when the protocol has none. */
  workflowRunner?(): WorkflowRunner;
}
