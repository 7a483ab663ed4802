import { parseUpstreamJson, readBodyText, sendUpstream } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, EmbeddingModel, EmbeddingRequest, EmbeddingResult, Warning } from '../../spec/index.js';
import { isBatchEmbedResponse, isEmbedResponse } from './gemini-api.js';
import { readGeminiError } from './gemini-error.js';
import { geminiHeaders, geminiModelUrl, type GeminiSettings } from './gemini-settings.js';

const camelCase = (name: string): string => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
// Per-request embedding fields Gemini takes beside `content` (js-genai embed converters).
const requestFields = new Set(['taskType', 'title', 'outputDimensionality']);

/** Gemini embeddings: `embedContent` for one input, `batchEmbedContents` for several (gemini.md §1). */
export class GeminiEmbeddingModel implements EmbeddingModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly settings: GeminiSettings) {
    this.provider = settings.name;
  }

  async embed(request: EmbeddingRequest, options: CallOptions): Promise<EmbeddingResult> {
    const warnings: Warning[] = [];
    const extra: Record<string, unknown> = {};
    if (request.dimensions !== undefined) extra.outputDimensionality = request.dimensions;
    for (const [key, value] of Object.entries(request.providerOptions ?? {})) {
      if (requestFields.has(camelCase(key))) extra[camelCase(key)] ??= value;
      else warnings.push({ code: 'unsupported-parameter', param: key, message: `Gemini embeddings do not support ${key}; it was not sent.` });
    }
    if (request.user !== undefined) warnings.push({ code: 'unsupported-parameter', param: 'user', message: 'Gemini does not support user; it was not sent.' });
    const model = `models/${this.modelId.replace(/^models\//, '')}`;
    const single = request.input.length === 1;
    const body = single
      ? { content: { parts: [{ text: request.input[0] }] }, ...extra }
      : { requests: request.input.map((text) => ({ model, content: { parts: [{ text }] }, ...extra })) };
    const response = await sendUpstream({
      provider: this.provider,
      url: geminiModelUrl(this.settings, this.modelId, single ? 'embedContent' : 'batchEmbedContents'),
      headers: geminiHeaders(this.settings, options.headers),
      body,
      signal: options.abortSignal,
      timeouts: this.settings.timeouts,
      readError: (status, headers, text) => readGeminiError(this.provider, status, headers, text),
    });
    const json = parseUpstreamJson(await readBodyText(response, this.provider, options.abortSignal), this.provider);
    if (single && isEmbedResponse.Check(json)) return { embeddings: [json.embedding.values], warnings };
    if (!single && isBatchEmbedResponse.Check(json) && json.embeddings.length === request.input.length) {
      return { embeddings: json.embeddings.map((embedding) => embedding.values), warnings };
    }
    throw new UpstreamProtocolError(`Upstream ${this.provider} sent an embeddings response Qiao cannot read.`, { provider: this.provider });
  }
}
