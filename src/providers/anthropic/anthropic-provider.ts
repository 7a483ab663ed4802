import { parseUpstreamJson, readBodyText, sendUpstream } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, ChatModel, ModelInfo, Provider } from '../../spec/index.js';
import { isModelList } from './anthropic-api.js';
import { AnthropicChatModel } from './anthropic-chat-model.js';
import { readAnthropicError } from './anthropic-error.js';
import { anthropicHeaders, type AnthropicSettings } from './anthropic-settings.js';

const maxModelPages = 10;

/** One configured Anthropic upstream. */
export class AnthropicProvider implements Provider {
  readonly name: string;
  readonly configuredModels: ModelInfo[];
  readonly configured: boolean;
  private readonly chatModels = new Map<string, ChatModel>();

  constructor(private readonly settings: AnthropicSettings) {
    this.name = settings.name;
    this.configuredModels = settings.models;
    this.configured = Boolean(settings.apiKey) || Object.keys(settings.headers).some((header) => header.toLowerCase() === 'authorization');
  }

  chatModel(modelId: string): ChatModel {
    let model = this.chatModels.get(modelId);
    if (!model) this.chatModels.set(modelId, model = new AnthropicChatModel(modelId, this.settings));
    return model;
  }

  /** `GET /v1/models`, following `has_more` pages. */
  async discoverModels(options: CallOptions): Promise<ModelInfo[]> {
    const models: ModelInfo[] = [];
    let after: string | undefined;
    for (let page = 0; page < maxModelPages; page++) {
      const query = `limit=1000${after ? `&after_id=${encodeURIComponent(after)}` : ''}`;
      const response = await sendUpstream({
        provider: this.name,
        url: `${this.settings.baseUrl}/v1/models?${query}`,
        headers: anthropicHeaders(this.settings, options.headers),
        signal: options.abortSignal,
        timeouts: { headersMs: 10_000, idleMs: 10_000 },
        readError: (status, headers, text) => readAnthropicError(this.name, status, headers, text),
      });
      const json = parseUpstreamJson(await readBodyText(response, this.name, options.abortSignal), this.name);
      if (!isModelList.Check(json)) throw new UpstreamProtocolError(`Upstream ${this.name} sent a model list Qiao cannot read.`, { provider: this.name });
      for (const model of json.data) models.push({ id: model.id, capabilities: ['chat', 'vision', 'tools'], ownedBy: 'anthropic' });
      if (!json.has_more || !json.last_id) break;
      after = json.last_id;
    }
    return models;
  }
}
