import { NdjsonDecoder, parseUpstreamJson, readBodyText, rejectJsonInsteadOfStream, sendUpstream, type UpstreamResponse } from '../../http/index.js';
import { driveStream } from '../drive-stream.js';
import type { CallOptions, ChatModel, ChatRequest, ChatResult, StreamPart, Warning } from '../../spec/index.js';
import { collectChatResult } from '../collect-chat-result.js';
import { buildOllamaBody } from './build-ollama-body.js';
import { ollamaHeaders, type OllamaSettings } from './ollama-settings.js';
import { OllamaStreamState } from './ollama-stream.js';

/** Reads an NDJSON `/api/chat` body into StreamParts; failures end it with an `error` part. */
export function ollamaStreamParts(body: AsyncIterable<Uint8Array>, provider: string, warnings: Warning[], signal?: AbortSignal): AsyncGenerator<StreamPart> {
  const state = new OllamaStreamState(provider);
  return driveStream(body, new NdjsonDecoder(provider), state, (line, parts) => state.push(line, parts), { provider, warnings, signal });
}

/** An Ollama model through the native `/api/chat` (../shared/protocols/ollama.md §2). */
export class OllamaChatModel implements ChatModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly settings: OllamaSettings) {
    this.provider = settings.name;
  }

  async generate(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
    const { body, warnings } = buildOllamaBody(request, this.modelId, false);
    const response = await this.send(body, options);
    const json = parseUpstreamJson(await readBodyText(response, this.provider, options.abortSignal), this.provider);
    const state = new OllamaStreamState(this.provider);
    const parts: StreamPart[] = [];
    state.push(json, parts);
    state.end(parts);
    return collectChatResult(parts, warnings);
  }

  async stream(request: ChatRequest, options: CallOptions): Promise<AsyncIterable<StreamPart>> {
    const { body, warnings } = buildOllamaBody(request, this.modelId, true);
    const response = await this.send(body, options);
    await rejectJsonInsteadOfStream(response, this.provider, options.abortSignal);
    return ollamaStreamParts(response.body, this.provider, warnings, options.abortSignal);
  }

  private send(body: Record<string, unknown>, options: CallOptions): Promise<UpstreamResponse> {
    return sendUpstream({
      provider: this.provider,
      url: `${this.settings.baseUrl}/api/chat`,
      headers: ollamaHeaders(this.settings, options.headers),
      body,
      signal: options.abortSignal,
      timeouts: this.settings.timeouts,
    });
  }
}
