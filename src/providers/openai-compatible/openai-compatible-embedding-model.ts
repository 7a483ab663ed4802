import { parseUpstreamJson, readBodyText, sendUpstream } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, EmbeddingModel, EmbeddingRequest, EmbeddingResult } from '../../spec/index.js';
import { isEmbeddingResponse } from './openai-compatible-api.js';
import { endpointUrl, requestHeaders } from './openai-compatible-request.js';
import type { OpenAICompatibleSettings } from './openai-compatible-settings.js';

/** An embedding model behind any OpenAI-compatible `/embeddings` endpoint. */
export class OpenAICompatibleEmbeddingModel implements EmbeddingModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly settings: OpenAICompatibleSettings) {
    this.provider = settings.name;
  }

  async embed(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResult> {
    const body: Record<string, unknown> = { ...request.providerOptions, model: this.modelId, input: request.input, encoding_format: 'float' };
    if (request.dimensions !== undefined) body.dimensions = request.dimensions;
    if (request.user !== undefined) body.user = request.user;
    const response = await sendUpstream({
      provider: this.provider,
      url: endpointUrl(this.settings, 'embeddings', this.modelId),
      headers: requestHeaders(this.settings, options.headers),
      body,
      signal: options.abortSignal,
      timeouts: this.settings.timeouts,
    });
    const json = parseUpstreamJson(await readBodyText(response, this.provider, options.abortSignal), this.provider);
    if (!isEmbeddingResponse.Check(json) || json.data.length !== request.input.length) {
      throw new UpstreamProtocolError(`Upstream ${this.provider} sent an embeddings response Qiao cannot read.`, { provider: this.provider });
    }
    const embeddings: number[][] = new Array(json.data.length);
    json.data.forEach((item, position) => { embeddings[item.index ?? position] = item.embedding; });
    return { embeddings, inputTokens: json.usage?.prompt_tokens ?? undefined, warnings: [] };
  }
}
