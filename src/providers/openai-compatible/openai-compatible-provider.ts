import { parseUpstreamJson, readBodyText, sendUpstream } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, ChatModel, EmbeddingModel, ModelInfo, Provider } from '../../spec/index.js';
import { isModelList } from './openai-compatible-api.js';
import { OpenAICompatibleChatModel } from './openai-compatible-chat-model.js';
import { OpenAICompatibleEmbeddingModel } from './openai-compatible-embedding-model.js';
import { endpointUrl, requestHeaders } from './openai-compatible-request.js';
import type { OpenAICompatibleSettings } from './openai-compatible-settings.js';

/** One configured OpenAI-compatible upstream (OpenAI, DashScope, DeepSeek, vLLM, …). */
export class OpenAICompatibleProvider implements Provider {
  readonly name: string;
  readonly configuredModels: ModelInfo[];
  readonly configured: boolean;
  private readonly chatModels = new Map<string, ChatModel>();

  constructor(private readonly settings: OpenAICompatibleSettings) {
    this.name = settings.name;
    this.configuredModels = settings.models;
    this.configured = !settings.preset.requiresApiKey || Boolean(settings.apiKey);
    if (settings.preset.listsModels) this.discoverModels = this.listUpstreamModels;
  }

  chatModel(modelId: string): ChatModel {
    let model = this.chatModels.get(modelId);
    if (!model) this.chatModels.set(modelId, model = new OpenAICompatibleChatModel(modelId, this.settings));
    return model;
  }

  embeddingModel(modelId: string): EmbeddingModel {
    return new OpenAICompatibleEmbeddingModel(modelId, this.settings);
  }

  discoverModels?: (options: CallOptions) => Promise<ModelInfo[]>;

  private async listUpstreamModels(options: CallOptions): Promise<ModelInfo[]> {
    const response = await sendUpstream({
      provider: this.name,
      url: endpointUrl(this.settings, 'models', ''),
      headers: requestHeaders(this.settings, options.headers),
      signal: options.abortSignal,
      timeouts: { headersMs: 10_000, idleMs: 10_000 },
    });
    const json = parseUpstreamJson(await readBodyText(response, this.name, options.abortSignal), this.name);
    if (!isModelList.Check(json)) throw new UpstreamProtocolError(`Upstream ${this.name} sent a model list Qiao cannot read.`, { provider: this.name });
    return json.data.map((model) => ({ id: model.id, ...(model.owned_by ? { ownedBy: model.owned_by } : {}) }));
  }
}
