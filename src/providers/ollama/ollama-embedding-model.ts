import { parseUpstreamJson, readBodyText, sendUpstream } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, EmbeddingModel, EmbeddingRequest, EmbeddingResult, Warning } from '../../spec/index.js';
import { isEmbedResponse } from './ollama-api.js';
import { ollamaHeaders, type OllamaSettings } from './ollama-settings.js';

/** Ollama embeddings through `POST /api/embed` (ollama.md §4), every input in one call. */
export class OllamaEmbeddingModel implements EmbeddingModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly settings: OllamaSettings) {
    this.provider = settings.name;
  }

  async embed(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResult> {
    const warnings: Warning[] = [];
    if (request.user !== undefined) warnings.push({ code: 'unsupported-parameter', param: 'user', message: 'Ollama does not support user; it was not sent.' });
    const body: Record<string, unknown> = { ...request.providerOptions, model: this.modelId, input: request.input };
    if (request.dimensions !== undefined) body.dimensions = request.dimensions;
    const response = await sendUpstream({
      provider: this.provider,
      url: `${this.settings.baseUrl}/api/embed`,
      headers: ollamaHeaders(this.settings, options.headers),
      body,
      signal: options.abortSignal,
      timeouts: this.settings.timeouts,
    });
    const json = parseUpstreamJson(await readBodyText(response, this.provider, options.abortSignal), this.provider);
    if (!isEmbedResponse.Check(json) || json.embeddings.length !== request.input.length) {
      throw new UpstreamProtocolError(`Upstream ${this.provider} sent an embeddings response Qiao cannot read.`, { provider: this.provider });
    }
    return { embeddings: json.embeddings, inputTokens: json.prompt_eval_count ?? undefined, warnings };
  }
}
