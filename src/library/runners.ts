import { findPreset } from '../providers/openai-compatible/presets.js';
import type { RunnerOptions } from './library-services.js';
import { ModelConfig, type ModelConfigOptions } from './model-config.js';
import { ModelRunner, type RunnerPlan } from './model-runner.js';

type ConfigInput = ModelConfig | ModelConfigOptions;

function withProvider(config: ConfigInput, allowed: readonly string[], fallback: string, runner: string): ModelConfig {
  const provider = config.provider || fallback;
  if (!allowed.includes(provider)) throw new TypeError(`${runner} runs providers ${allowed.join(', ')}; got "${provider}".`);
  return ModelConfig.from({ ...config, provider });
}

/** Ollama's native API (`/api/chat`, `/api/embed`; OLLAMA_HOST or baseUrl); `ollama-openai` uses its `/v1`. `load()` checks the model is pulled. */
export class OllamaRunner extends ModelRunner {
  constructor(config: ConfigInput, options?: RunnerOptions) {
    super(withProvider(config, ['ollama', 'ollama-openai'], 'ollama', 'OllamaRunner'), options);
  }
}

const openAICompatible = ['openai', 'azure', 'dashscope', 'deepseek', 'moonshot', 'zhipu', 'ark', 'qianfan', 'hunyuan', 'siliconflow', 'vllm', 'openai-compatible'];

/** OpenAI or any OpenAI-compatible server (`openai-compatible` with a baseUrl, or a vendor preset such as `deepseek`). */
export class OpenAIRunner extends ModelRunner {
  constructor(config: ConfigInput, options?: RunnerOptions) {
    super(withProvider(config, openAICompatible, 'openai', 'OpenAIRunner'), options);
  }
}

/** Hugging Face: the Inference Providers router (`huggingface`, HF_TOKEN), a TGI server (`tgi`, `tgi-generate`) or TEI for embeddings (`tei`). */
export class HuggingFaceRunner extends ModelRunner {
  constructor(config: ConfigInput, options?: RunnerOptions) {
    super(withProvider(config, ['huggingface', 'tgi', 'tgi-generate', 'tei'], 'huggingface', 'HuggingFaceRunner'), options);
  }
}

/** Which model serves what in a MixedModelRunner; `fallback` models are tried, in order, when a role's model fails retryably. */
export interface MixedModelConfig {
  chat: ConfigInput;
  /** Defaults to the chat model. */
  generation?: ConfigInput;
  /** Defaults to the chat model. */
  embedding?: ConfigInput;
  fallback?: ConfigInput[];
}

/**
 * Different models for chat, generation and embedding, each followed by the fallback models — routed
 * by the gateway's ModelRegistry and ChatService exactly like an alias with several targets on the server.
 */
export class MixedModelRunner extends ModelRunner {
  private readonly primaries: Record<'chat' | 'generation' | 'embedding', ModelConfig>;

  constructor(models: MixedModelConfig, options?: RunnerOptions) {
    const chat = ModelConfig.from(models.chat);
    const generation = models.generation ? ModelConfig.from(models.generation) : chat;
    const embedding = models.embedding ? ModelConfig.from(models.embedding) : chat;
    const fallback = (models.fallback ?? []).map((config) => ModelConfig.from(config));
    const plan: RunnerPlan = { roles: { chat: [chat, ...fallback], generation: [generation, ...fallback], embedding: [embedding, ...fallback] } };
    super(plan, options);
    this.primaries = { chat, generation, embedding };
  }

  protected override configFor(role: 'chat' | 'generation' | 'embedding'): ModelConfig {
    return this.primaries[role];
  }
}

/** The runner class for a config's provider, as the seed's `get_model_runner(config)`. */
export function getModelRunner(config: ConfigInput, options?: RunnerOptions): ModelRunner {
  const provider = config.provider;
  if (provider === 'ollama' || provider === 'ollama-openai') return new OllamaRunner(config, options);
  if (['huggingface', 'tgi', 'tgi-generate', 'tei'].includes(provider)) return new HuggingFaceRunner(config, options);
  if (openAICompatible.includes(provider) || findPreset(provider)) return new OpenAIRunner(config, options);
  return new ModelRunner(config, options);
}
