import { cosineSimilarity } from '../gateway/index.js';
import type { RunnerOptions } from './library-services.js';
import { ModelConfig, type ModelConfigOptions } from './model-config.js';
import { ModelRunner, type GenerateOptions, type SimpleMessage } from './model-runner.js';
import { getModelRunner } from './runners.js';

type RunnerInput = ModelRunner | ModelConfig | ModelConfigOptions;

const runnerOf = (input: RunnerInput, options?: RunnerOptions) => (input instanceof ModelRunner ? input : getModelRunner(input, options));

/** Conversations: `new ChatAdapter(config).process(messages)` answers the last user message. */
export class ChatAdapter {
  /** The runner doing the calls. */
  readonly runner: ModelRunner;

  constructor(config: RunnerInput, options?: RunnerOptions) {
    this.runner = runnerOf(config, options);
  }

  /** The assistant's reply to the conversation so far. */
  process(messages: SimpleMessage[], options?: GenerateOptions): Promise<string> {
    if (messages.length === 0) return Promise.reject(new TypeError('ChatAdapter.process needs at least one message.'));
    return this.runner.chat(messages, options);
  }

  /** The reply, piece by piece. */
  streamProcess(messages: SimpleMessage[], options?: GenerateOptions): AsyncGenerator<string> {
    return this.runner.streamChat(messages, options);
  }
}

/** One-shot text generation: `generate({ prompt, maxTokens })`. */
export class TextGenerationAdapter {
  readonly runner: ModelRunner;

  constructor(config: RunnerInput, options?: RunnerOptions) {
    this.runner = runnerOf(config, options);
  }

  /** The completion of `prompt`; `maxTokens`, `temperature`, … override the config's. */
  generate(request: { prompt: string } & GenerateOptions): Promise<string> {
    const { prompt, ...options } = request;
    if (!prompt?.trim()) return Promise.reject(new TypeError('TextGenerationAdapter.generate needs a non-empty prompt.'));
    return this.runner.generate(prompt, options);
  }
}

/** Embeddings and similarities through any embedding model Qiao serves. */
export class EmbeddingAdapter {
  readonly runner: ModelRunner;
  private readonly batchSize: number;

  constructor(config: RunnerInput, options: RunnerOptions & { batchSize?: number } = {}) {
    this.runner = runnerOf(config, options);
    this.batchSize = options.batchSize ?? 64;
  }

  /** The name the vector store records for this adapter's model (`provider/model`). */
  get model(): string {
    return this.runner.embeddingModel;
  }

  /** The embedding of one text. */
  async embed(text: string): Promise<number[]> {
    const [vector] = await this.runner.embed([text]);
    if (!vector) throw new Error(`${this.model} returned no embedding.`);
    return vector;
  }

  /** One embedding per text, in order, computed `batchSize` texts per call. */
  async embedBatch(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...await this.runner.embed(texts.slice(start, start + this.batchSize)));
    }
    return vectors;
  }

  /** Cosine similarity of `query` to each text, in the texts' order. */
  async computeSimilarities(query: string, texts: string[]): Promise<number[]> {
    const [queryVector, ...vectors] = await this.embedBatch([query, ...texts]);
    return vectors.map((vector) => cosineSimilarity(queryVector!, vector));
  }
}
