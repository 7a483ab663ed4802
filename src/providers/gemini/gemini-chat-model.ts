import { SseDecoder, parseUpstreamJson, readBodyText, rejectJsonInsteadOfStream, sendUpstream, type UpstreamResponse } from '../../http/index.js';
import { driveStream } from '../drive-stream.js';
import type { CallOptions, ChatModel, ChatRequest, ChatResult, StreamPart, Warning } from '../../spec/index.js';
import { collectChatResult } from '../collect-chat-result.js';
import { buildGeminiBody } from './build-gemini-body.js';
import { readGeminiError } from './gemini-error.js';
import { geminiHeaders, geminiModelUrl, type GeminiSettings } from './gemini-settings.js';
import { GeminiStreamState } from './gemini-stream.js';

/** Reads an `alt=sse` body of GenerateContentResponse events into StreamParts; failures end it with an `error` part. */
export function geminiStreamParts(body: AsyncIterable<Uint8Array>, provider: string, warnings: Warning[], signal?: AbortSignal): AsyncGenerator<StreamPart> {
  const state = new GeminiStreamState(provider);
  return driveStream(body, new SseDecoder(), state, (event, parts) => state.push(parseUpstreamJson(event.data, provider), parts), { provider, warnings, signal });
}

/** A Gemini model through `generateContent` / `streamGenerateContent?alt=sse` (../shared/protocols/gemini.md). */
export class GeminiChatModel implements ChatModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly settings: GeminiSettings) {
    this.provider = settings.name;
  }

  async generate(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
    const { body, warnings } = buildGeminiBody(request);
    const response = await this.send('generateContent', body, options);
    const json = parseUpstreamJson(await readBodyText(response, this.provider, options.abortSignal), this.provider);
    const state = new GeminiStreamState(this.provider);
    const parts: StreamPart[] = [];
    state.push(json, parts);
    state.end(parts);
    return collectChatResult(parts, warnings, state.upstreamId);
  }

  async stream(request: ChatRequest, options: CallOptions): Promise<AsyncIterable<StreamPart>> {
    const { body, warnings } = buildGeminiBody(request);
    const response = await this.send('streamGenerateContent?alt=sse', body, options);
    await rejectJsonInsteadOfStream(response, this.provider, options.abortSignal);
    return geminiStreamParts(response.body, this.provider, warnings, options.abortSignal);
  }

  private send(method: string, body: Record<string, unknown>, options: CallOptions): Promise<UpstreamResponse> {
    return sendUpstream({
      provider: this.provider,
      url: geminiModelUrl(this.settings, this.modelId, method),
      headers: geminiHeaders(this.settings, options.headers),
      body,
      signal: options.abortSignal,
      timeouts: this.settings.timeouts,
      readError: (status, headers, text) => readGeminiError(this.provider, status, headers, text),
    });
  }
}
