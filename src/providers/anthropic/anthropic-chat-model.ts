import { parseUpstreamJson, readBodyText, rejectJsonInsteadOfStream, sendUpstream, type UpstreamResponse } from '../../http/index.js';
import { UpstreamProtocolError } from '../../errors/index.js';
import type { CallOptions, ChatModel, ChatRequest, ChatResult, StreamPart, ToolCall, Warning } from '../../spec/index.js';
import { isMessage, type AnthropicMessage } from './anthropic-api.js';
import { readAnthropicError } from './anthropic-error.js';
import { anthropicHeaders, type AnthropicSettings } from './anthropic-settings.js';
import { anthropicStreamParts } from './anthropic-stream-parts.js';
import { buildMessagesBody } from './build-messages-body.js';
import { mapAnthropicUsage, mapStopReason } from './map-anthropic-result.js';

function toResult(message: AnthropicMessage, warnings: Warning[]): ChatResult {
  let text: string | null = null;
  let reasoning: string | undefined;
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text = (text ?? '') + (block.text ?? '');
    else if (block.type === 'thinking') reasoning = (reasoning ?? '') + (block.thinking ?? '');
    else if (block.type === 'tool_use') {
      toolCalls.push({ id: block.id ?? `toolu_${toolCalls.length}`, name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) });
    }
  }
  return {
    choices: [{
      index: 0,
      content: text,
      ...(reasoning !== undefined && { reasoning }),
      ...(toolCalls.length && { toolCalls }),
      finishReason: mapStopReason(message.stop_reason),
    }],
    usage: message.usage ? mapAnthropicUsage(message.usage) : undefined,
    upstreamId: message.id ?? undefined,
    warnings,
  };
}

/** A Claude model behind Anthropic's Messages API (`POST /v1/messages`). */
export class AnthropicChatModel implements ChatModel {
  readonly provider: string;

  constructor(readonly modelId: string, private readonly settings: AnthropicSettings) {
    this.provider = settings.name;
  }

  async generate(request: ChatRequest, options: CallOptions): Promise<ChatResult> {
    const { body, warnings } = this.body(request, false);
    const response = await this.send(body, options);
    const json = parseUpstreamJson(await readBodyText(response, this.provider, options.abortSignal), this.provider);
    if (!isMessage.Check(json)) {
      throw new UpstreamProtocolError(`Upstream ${this.provider} sent a response Qiao cannot read.`, { provider: this.provider });
    }
    return toResult(json, warnings);
  }

  async stream(request: ChatRequest, options: CallOptions): Promise<AsyncIterable<StreamPart>> {
    const { body, warnings } = this.body(request, true);
    const response = await this.send(body, options);
    await rejectJsonInsteadOfStream(response, this.provider, options.abortSignal);
    return anthropicStreamParts(response.body, this.provider, warnings, options.abortSignal);
  }

  private body(request: ChatRequest, stream: boolean) {
    return buildMessagesBody(request, {
      modelId: this.modelId,
      defaultMaxTokens: this.settings.defaultMaxTokens,
      defaultMaxTokensSource: this.settings.defaultMaxTokensSource,
    }, stream);
  }

  private send(body: Record<string, unknown>, options: CallOptions): Promise<UpstreamResponse> {
    return sendUpstream({
      provider: this.provider,
      url: `${this.settings.baseUrl}/v1/messages`,
      headers: anthropicHeaders(this.settings, options.headers),
      body,
      signal: options.abortSignal,
      timeouts: this.settings.timeouts,
      readError: (status, headers, text) => readAnthropicError(this.provider, status, headers, text),
    });
  }
}
