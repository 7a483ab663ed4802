import { SseDecoder, parseUpstreamJson, readBodyText, rejectJsonInsteadOfStream, sendUpstream, type UpstreamResponse } from '../../http/index.js';
import { driveStream } from '../drive-stream.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, ChatModel, ChatRequest, ChatResult, StreamPart, Usage, Warning } from '../../spec/index.js';
import { buildTgiBody } from './build-tgi-body.js';
import { isGenerateResponse } from './huggingface-api.js';
import { readHuggingFaceError } from './huggingface-error.js';
import { huggingFaceHeaders, type HuggingFaceSettings } from './huggingface-settings.js';
import { mapTgiFinishReason, TgiStreamState } from './tgi-stream.js';

/** Reads a `/generate_stream` SSE body into StreamParts; failures end it with an `error` part. */
export function tgiStreamParts(body: AsyncIterable<Uint8Array>, provider: string, warnings: Warning[], signal?: AbortSignal): AsyncGenerator<StreamPart> {
  const state = new TgiStreamState(provider);
  return driveStream(body, new SseDecoder(), state, (event, parts) => state.push(parseUpstreamJson(event.data, provider), parts), { provider, warnings, signal });
}

/** Token counts from TGI's `x-prompt-tokens` / `x-generated-tokens` response headers. */
function usageFromHeaders(headers: UpstreamResponse['headers']): Usage | undefined {
  const prompt = Number(headers['x-prompt-tokens']);
  const generated = Number(headers['x-generated-tokens']);
  if (!Number.isFinite(prompt) && !Number.isFinite(generated)) return undefined;
  return { inputTokens: Number.isFinite(prompt) ? prompt : 0, outputTokens: Number.isFinite(generated) ? generated : 0 };
}

/** A model behind TGI's native `/generate` and `/generate_stream` (../shared/protocols/huggingface.md §1). */
export class TgiChatModel implements ChatModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly settings: HuggingFaceSettings) {
    this.provider = settings.name;
  }

  async generate(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
    const { body, warnings } = buildTgiBody(request);
    const response = await this.send('/generate', body, options);
    const json = parseUpstreamJson(await readBodyText(response, this.provider, options.abortSignal), this.provider);
    if (!isGenerateResponse.Check(json)) throw new UpstreamProtocolError(`Upstream ${this.provider} sent a response Qiao cannot read.`, { provider: this.provider });
    const generated = json.details?.generated_tokens;
    const usage = usageFromHeaders(response.headers) ?? (generated != null ? { inputTokens: 0, outputTokens: generated } : undefined);
    return {
      choices: [{ index: 0, content: json.generated_text, finishReason: mapTgiFinishReason(json.details?.finish_reason) }],
      usage,
      warnings,
    };
  }

  async stream(request: ChatRequest, options: CallOptions): Promise<AsyncIterable<StreamPart>> {
    const { body, warnings } = buildTgiBody(request);
    const response = await this.send('/generate_stream', body, options);
    await rejectJsonInsteadOfStream(response, this.provider, options.abortSignal);
    return tgiStreamParts(response.body, this.provider, warnings, options.abortSignal);
  }

  private send(path: string, body: Record<string, unknown>, options: CallOptions): Promise<UpstreamResponse> {
    return sendUpstream({
      provider: this.provider,
      url: `${this.settings.baseUrl}${path}`,
      headers: huggingFaceHeaders(this.settings, options.headers),
      body,
      signal: options.abortSignal,
      timeouts: this.settings.timeouts,
      readError: (status, headers, text) => readHuggingFaceError(this.provider, status, headers, text),
    });
  }
}
