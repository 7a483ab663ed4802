import type { Environment } from '../providers/index.js';

/** The settings of one model, as the seed's `ModelConfig(provider=…, model_name=…)`. */
export interface ModelConfigOptions {
  /** A Qiao provider type: `ollama`, `openai`, `openai-compatible`, `huggingface`, `tgi`, `tei`, `deepseek`, `mock`, … */
  provider: string;
  /** The upstream's model id, e.g. `deepseek-r1:8b`. */
  modelName: string;
  /** Default sampling temperature of generate/chat calls. */
  temperature?: number;
  /** Default output limit of generate/chat calls. */
  maxTokens?: number;
  /** Default nucleus sampling mass. */
  topP?: number;
  /** Default stop sequences. */
  stop?: string[];
  /** API key; else the provider type's environment variable (e.g. OPENAI_API_KEY). */
  apiKey?: string;
  /** Base URL; else the provider type's environment variable or default. */
  baseUrl?: string;
  /** Extra headers on every upstream call. */
  headers?: Record<string, string>;
  /** Environment the provider reads keys and URLs from (default: process.env). */
  env?: Environment;
}

/**
 * A validated model configuration. `new ModelConfig({ provider: 'ollama', modelName: 'llama3' })`;
 * everything that takes a config also accepts the plain options object.
 */
export class ModelConfig implements ModelConfigOptions {
  readonly provider: string;
  readonly modelName: string;
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly topP?: number;
  readonly stop?: string[];
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly headers?: Record<string, string>;
  readonly env?: Environment;

  constructor(options: ModelConfigOptions) {
    if (!options.provider?.trim()) throw new TypeError('ModelConfig.provider is required (e.g. "ollama", "openai", "mock").');
    if (!options.modelName?.trim()) throw new TypeError('ModelConfig.modelName is required.');
    if (options.temperature !== undefined && !(options.temperature >= 0 && options.temperature <= 2)) throw new RangeError('ModelConfig.temperature must be between 0 and 2.');
    if (options.maxTokens !== undefined && !(Number.isInteger(options.maxTokens) && options.maxTokens > 0)) throw new RangeError('ModelConfig.maxTokens must be a positive integer.');
    if (options.topP !== undefined && !(options.topP > 0 && options.topP <= 1)) throw new RangeError('ModelConfig.topP must be in (0, 1].');
    if (options.baseUrl !== undefined && !/^https?:\/\/\S+$/.test(options.baseUrl)) throw new TypeError(`ModelConfig.baseUrl must be an http(s) URL, got "${options.baseUrl}".`);
    Object.assign(this, options);
    this.provider = options.provider;
    this.modelName = options.modelName;
  }

  /** The options as a ModelConfig, validated once. */
  static from(config: ModelConfig | ModelConfigOptions): ModelConfig {
    return config instanceof ModelConfig ? config : new ModelConfig(config);
  }
}
