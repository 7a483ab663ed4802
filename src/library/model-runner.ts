import { ModelNotFoundError, UpstreamError } from '../errors/index.js';
import type { ChatMessage, ChatRequest } from '../spec/index.js';
import { buildLibraryServices, libraryContext, type LibraryServices, type ModelRole, type RunnerOptions } from './library-services.js';
import { ModelConfig, type ModelConfigOptions } from './model-config.js';

/** Per-call settings; unset ones fall back to the ModelConfig's. */
export interface GenerateOptions {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  /** Aborts the upstream call. */
  signal?: AbortSignal;
}

/** A chat turn, as the seed's adapters take them: `{ role, content }`. */
export interface SimpleMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Which model configs serve each role, tried in order. */
export type RunnerPlan = { roles: Record<ModelRole, ModelConfig[]> };

/**
 * Runs one model through the gateway's own components (provider adapter, ModelRegistry, ChatService):
 * the same code path as a request to the server, without the HTTP. Get one with `getModelRunner(config)`.
 */
export class ModelRunner {
  /** The configuration of the chat model (the primary one). */
  readonly config: ModelConfig;
  protected readonly services: LibraryServices;

  constructor(config: ModelConfig | ModelConfigOptions | RunnerPlan, options: RunnerOptions = {}) {
    const plan: RunnerPlan = 'roles' in config ? config : (() => {
      const single = ModelConfig.from(config);
      return { roles: { chat: [single], generation: [single], embedding: [single] } };
    })();
    this.config = plan.roles.chat[0]!;
    this.services = buildLibraryServices(plan.roles, options);
  }

  /** Checks the provider has what it needs and, when the upstream lists its models, that the model is there. */
  async load(): Promise<this> {
    for (const model of new Set(Object.values(this.services.targets))) {
      for (const target of this.services.registry.aliasTargets(model) ?? []) {
        const { provider, modelId } = this.services.registry.resolve(target).deployments[0]!;
        if (!provider.configured) throw new UpstreamError(`Provider "${provider.name}" is not configured (missing API key or base URL).`, 503, false, { provider: provider.name });
        if (!provider.discoverModels) continue;
        const listed = await provider.discoverModels({});
        if (!listed.some((info) => info.id === modelId || info.id === `${modelId}:latest`)) {
          throw new ModelNotFoundError(`Model "${modelId}" is not available from ${provider.name} (it lists: ${listed.map((info) => info.id).slice(0, 10).join(', ') || 'nothing'}).`);
        }
      }
    }
    return this;
  }

  /** The completion of a prompt (sent as one user message). */
  async generate(prompt: string, options: GenerateOptions = {}): Promise<string> {
    return this.complete('generation', [{ role: 'user', content: prompt }], options);
  }

  /** The completion of a prompt, piece by piece as the model produces it. */
  streamGenerate(prompt: string, options: GenerateOptions = {}): AsyncGenerator<string> {
    return this.streamText('generation', [{ role: 'user', content: prompt }], options);
  }

  /** The assistant's answer to a conversation. */
  async chat(messages: SimpleMessage[] | ChatMessage[], options: GenerateOptions = {}): Promise<string> {
    return this.complete('chat', messages as ChatMessage[], options);
  }

  /** The assistant's answer to a conversation, piece by piece. */
  streamChat(messages: SimpleMessage[] | ChatMessage[], options: GenerateOptions = {}): AsyncGenerator<string> {
    return this.streamText('chat', messages as ChatMessage[], options);
  }

  /** One embedding per text, in order. */
  async embed(texts: string[], options: { dimensions?: number; signal?: AbortSignal } = {}): Promise<number[][]> {
    const result = await this.services.chat.embed(this.services.targets.embedding, {
      input: texts, ...(options.dimensions !== undefined && { dimensions: options.dimensions }),
    }, libraryContext('library:embed', options.signal));
    return result.embeddings;
  }

  /** The embedding model's name as the vector store records it. */
  get embeddingModel(): string {
    return this.services.registry.aliasTargets(this.services.targets.embedding)![0]!;
  }

  private request(messages: ChatMessage[], options: GenerateOptions, role: ModelRole): ChatRequest {
    const config = this.configFor(role);
    const maxTokens = options.maxTokens ?? config.maxTokens;
    const temperature = options.temperature ?? config.temperature;
    const topP = options.topP ?? config.topP;
    const stop = options.stop ?? config.stop;
    return {
      messages,
      ...(maxTokens !== undefined && { maxTokens }), ...(temperature !== undefined && { temperature }),
      ...(topP !== undefined && { topP }), ...(stop !== undefined && { stop }),
    };
  }

  /** The primary config of a role (MixedModelRunner overrides). */
  protected configFor(_role: ModelRole): ModelConfig {
    return this.config;
  }

  private async complete(role: ModelRole, messages: ChatMessage[], options: GenerateOptions): Promise<string> {
    const result = await this.services.chat.generate(this.services.targets[role], this.request(messages, options, role), libraryContext(`library:${role}`, options.signal));
    return result.choices[0]?.content ?? '';
  }

  private async *streamText(role: ModelRole, messages: ChatMessage[], options: GenerateOptions): AsyncGenerator<string> {
    const outcome = await this.services.chat.stream(this.services.targets[role], this.request(messages, options, role), libraryContext(`library:${role}`, options.signal));
    for await (const part of outcome.parts) {
      if (part.type === 'text-delta' && part.index === 0) yield part.text;
      else if (part.type === 'error') throw part.error;
    }
  }
}
