import { parseUpstreamJson, readBodyText, sendUpstream } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, ChatModel, EmbeddingModel, ModelCapability, ModelInfo, Provider } from '../../spec/index.js';
import { isModelList } from './gemini-api.js';
import { GeminiChatModel } from './gemini-chat-model.js';
import { GeminiEmbeddingModel } from './gemini-embedding-model.js';
import { readGeminiError } from './gemini-error.js';
import { geminiHeaders, type GeminiSettings } from './gemini-settings.js';

function capabilitiesOf(methods: readonly string[]): ModelCapability[] {
  const capabilities: ModelCapability[] = [];
  if (methods.includes('generateContent')) capabilities.push('chat');
  if (methods.includes('embedContent') || methods.includes('batchEmbedContents')) capabilities.push('embedding');
  return capabilities;
}

/** One configured Gemini API (Google AI) upstream. */
export class GeminiProvider implements Provider {
  readonly name: string;
  readonly configuredModels: ModelInfo[];
  readonly configured: boolean;
  private readonly chatModels = new Map<string, ChatModel>();

  constructor(private readonly settings: GeminiSettings) {
    this.name = settings.name;
    this.configuredModels = settings.models;
    this.configured = Boolean(settings.apiKey);
    if (settings.discoverModels) this.discoverModels = this.listUpstreamModels;
  }

  chatModel(modelId: string): ChatModel {
    let model = this.chatModels.get(modelId);
    if (!model) this.chatModels.set(modelId, model = new GeminiChatModel(modelId, this.settings));
    return model;
  }

  embeddingModel(modelId: string): EmbeddingModel {
    return new GeminiEmbeddingModel(modelId, this.settings);
  }

  discoverModels?: (options: CallOptions) => Promise<ModelInfo[]>;

  /** `GET /models`, page by page (`nextPageToken`); ids without the `models/` prefix. */
  private async listUpstreamModels(options: CallOptions): Promise<ModelInfo[]> {
    const models: ModelInfo[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < 20; page++) {
      const query = new URLSearchParams({ pageSize: '1000', ...(pageToken ? { pageToken } : {}) });
      const response = await sendUpstream({
        provider: this.name,
        url: `${this.settings.baseUrl}/models?${query}`,
        headers: geminiHeaders(this.settings, options.headers),
        signal: options.abortSignal,
        timeouts: { headersMs: 10_000, idleMs: 10_000 },
        readError: (status, headers, text) => readGeminiError(this.name, status, headers, text),
      });
      const json = parseUpstreamJson(await readBodyText(response, this.name, options.abortSignal), this.name);
      if (!isModelList.Check(json)) throw new UpstreamProtocolError(`Upstream ${this.name} sent a model list Qiao cannot read.`, { provider: this.name });
      for (const model of json.models ?? []) {
        const capabilities = capabilitiesOf(model.supportedGenerationMethods ?? []);
        models.push({
          id: model.name.replace(/^models\//, ''),
          ownedBy: 'google',
          ...(capabilities.length ? { capabilities } : {}),
          ...(model.inputTokenLimit ? { contextWindow: model.inputTokenLimit } : {}),
        });
      }
      pageToken = json.nextPageToken || undefined;
      if (!pageToken) break;
    }
    return models;
  }
}
