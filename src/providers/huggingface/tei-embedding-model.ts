import { parseUpstreamJson, readBodyText, sendUpstream } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, EmbeddingModel, EmbeddingRequest, EmbeddingResult, Warning } from '../../spec/index.js';
import { isEmbedResponse } from './huggingface-api.js';
import { readHuggingFaceError } from './huggingface-error.js';
import { huggingFaceHeaders, type HuggingFaceSettings } from './huggingface-settings.js';

/** text-embeddings-inference `POST /embed` (huggingface.md §3): the answer is a bare array of vectors. */
export class TeiEmbeddingModel implements EmbeddingModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly settings: HuggingFaceSettings) {
    this.provider = settings.name;
  }

  async embed(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResult> {
    const warnings: Warning[] = [];
    if (request.user !== undefined) warnings.push({ code: 'unsupported-parameter', param: 'user', message: 'TEI does not support user; it was not sent.' });
    // Provider options are `EmbedRequest` fields (normalize, truncate, truncation_direction, prompt_name).
    const body: Record<string, unknown> = { ...request.providerOptions, inputs: request.input };
    if (request.dimensions !== undefined) body.dimensions = request.dimensions;
    const response = await sendUpstream({
      provider: this.provider,
      url: `${this.settings.baseUrl}/embed`,
      headers: huggingFaceHeaders(this.settings, options.headers),
      body,
      signal: options.abortSignal,
      timeouts: this.settings.timeouts,
      readError: (status, headers, text) => readHuggingFaceError(this.provider, status, headers, text),
    });
    const json = parseUpstreamJson(await readBodyText(response, this.provider, options.abortSignal), this.provider);
    if (!isEmbedResponse.Check(json) || json.length !== request.input.length) {
      throw new UpstreamProtocolError(`Upstream ${this.provider} sent an embeddings response Qiao cannot read.`, { provider: this.provider });
    }
    return { embeddings: json, warnings };
  }
}
