import { parseUpstreamJson, readBodyText, sendUpstream } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, ChatModel, EmbeddingModel, ModelInfo, Provider } from '../../spec/index.js';
import { isTags } from './ollama-api.js';
import { OllamaChatModel } from './ollama-chat-model.js';
import { OllamaEmbeddingModel } from './ollama-embedding-model.js';
import { ollamaHeaders, type OllamaSettings } from './ollama-settings.js';

/** BERT-family models (nomic-bert, bge, all-minilm) only embed. */
function isEmbeddingFamily(families: readonly string[]): boolean {
  return families.some((family) => family.includes('bert'));
}

/** One Ollama server through its native API (`/api/chat`, `/api/embed`, `/api/tags`). */
export class OllamaProvider implements Provider {
  readonly name: string;
  readonly configuredModels: ModelInfo[];
  readonly configured = true;
  private readonly chatModels = new Map<string, ChatModel>();

  constructor(private readonly settings: OllamaSettings) {
    this.name = settings.name;
    this.configuredModels = settings.models;
    if (settings.discoverModels) this.discoverModels = this.listLocalModels;
  }

  chatModel(modelId: string): ChatModel {
    let model = this.chatModels.get(modelId);
    if (!model) this.chatModels.set(modelId, model = new OllamaChatModel(modelId, this.settings));
    return model;
  }

  embeddingModel(modelId: string): EmbeddingModel {
    return new OllamaEmbeddingModel(modelId, this.settings);
  }

  discoverModels?: (options: CallOptions) => Promise<ModelInfo[]>;

  /** `GET /api/tags`: the models pulled on the server, by their `name:tag`. */
  private async listLocalModels(options: CallOptions): Promise<ModelInfo[]> {
    const response = await sendUpstream({
      provider: this.name,
      url: `${this.settings.baseUrl}/api/tags`,
      headers: ollamaHeaders(this.settings, options.headers),
      signal: options.abortSignal,
      timeouts: { connectMs: 2_000, headersMs: 5_000, idleMs: 5_000 },
    });
    const json = parseUpstreamJson(await readBodyText(response, this.name, options.abortSignal), this.name);
    if (!isTags.Check(json)) throw new UpstreamProtocolError(`Upstream ${this.name} sent a model list Qiao cannot read.`, { provider: this.name });
    return (json.models ?? []).map((model) => {
      const families = model.details?.families ?? (model.details?.family ? [model.details.family] : []);
      return { id: model.name, ownedBy: 'ollama', capabilities: isEmbeddingFamily(families) ? ['embedding'] : ['chat'] };
    });
  }
}
