import { parseUpstreamJson, readBodyText, rejectJsonInsteadOfStream, sendUpstream, type UpstreamResponse } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, ChatModel, ChatRequest, ChatResult, StreamPart } from '../../spec/index.js';
import { buildChatBody } from './build-chat-body.js';
import { isChatResponse } from './openai-compatible-api.js';
import { endpointUrl, requestHeaders } from './openai-compatible-request.js';
import type { OpenAICompatibleSettings } from './openai-compatible-settings.js';
import { mapFinishReason } from './map-finish-reason.js';
import { mapUsage } from './map-usage.js';
import { streamParts } from './stream-parts.js';

/** A chat model behind any OpenAI-compatible Chat Completions endpoint. */
export class OpenAICompatibleChatModel implements ChatModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly settings: OpenAICompatibleSettings) {
    this.provider = settings.name;
  }

  async generate(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
    const { body, warnings } = buildChatBody(request, this.modelId, this.settings.preset, false);
    const response = await this.send(body, options);
    const text = await readBodyText(response, this.provider, options.abortSignal);
    const json = parseUpstreamJson(text, this.provider);
    if (!isChatResponse.Check(json)) {
      throw new UpstreamProtocolError(`Upstream ${this.provider} sent a response Qiao cannot read.`, { provider: this.provider });
    }
    return {
      choices: json.choices.map((choice, position) => {
        const message = choice.message;
        const toolCalls = message?.tool_calls?.map((call, callIndex) => ({
          id: call.id || `call_${position}_${callIndex}`,
          name: call.function?.name ?? '',
          arguments: call.function?.arguments ?? '',
        }));
        return {
          index: choice.index ?? position,
          content: message?.content ?? null,
          ...(message?.reasoning_content ? { reasoning: message.reasoning_content } : {}),
          ...(toolCalls?.length ? { toolCalls } : {}),
          finishReason: choice.finish_reason ? mapFinishReason(choice.finish_reason) : 'stop',
        };
      }),
      usage: json.usage ? mapUsage(json.usage) : undefined,
      warnings,
      upstreamId: json.id ?? undefined,
    };
  }

  async stream(request: ChatRequest, options: CallOptions): Promise<AsyncIterable<StreamPart>> {
    const { body, warnings } = buildChatBody(request, this.modelId, this.settings.preset, true);
    const response = await this.send(body, options);
    await rejectJsonInsteadOfStream(response, this.provider, options.abortSignal);
    return streamParts(response.body, this.provider, warnings, options.abortSignal);
  }

  private send(body: Record<string, unknown>, options: CallOptions): Promise<UpstreamResponse> {
    return sendUpstream({
      provider: this.provider,
      url: endpointUrl(this.settings, 'chat/completions', this.modelId),
      headers: requestHeaders(this.settings, options.headers),
      body,
      signal: options.abortSignal,
      timeouts: this.settings.timeouts,
    });
  }
}
