import type { GatewayError } from '../../errors/index.js';
import { flatString } from '../../http/index.js';
import type { StreamPart } from '../../spec/index.js';
import type { StreamEncoding } from '../shared/relay-stream.js';
import { toOpenAIError } from './openai-error.js';
import { toOpenAIFinishReason, toOpenAIUsage } from './openai-usage.js';

/**
 * Encodes StreamParts as `chat.completion.chunk` JSON strings. The constant head of every chunk
 * is serialised once per stream, so each part costs one JSON.stringify of its own text. It is the
 * stream's whole encoding for the relay: no closures per stream.
 */
export class ChatChunkEncoder implements StreamEncoding {
  private readonly head: string;

  constructor(id: string, created: number, model: string, private readonly includeUsage: boolean, private readonly choices = 1) {
    this.head = flatString(`{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[`);
  }

  /** Each choice's first chunk, carrying the role. */
  opening(): string[] {
    const chunks: string[] = [];
    for (let index = 0; index < this.choices; index++) chunks.push(this.roleChunk(index));
    return chunks;
  }

  /** The in-band error event that ends a broken stream. */
  error(error: GatewayError): string {
    return JSON.stringify(toOpenAIError(error));
  }

  /** After a complete stream. */
  closing(): string[] {
    return ['[DONE]'];
  }

  /** The first chunk of a choice, carrying the role, as OpenAI sends it. */
  roleChunk(index: number): string {
    return `${this.head}{"index":${index},"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}`;
  }

  /** The chunk for a part, or undefined when the part has no OpenAI chunk of its own. */
  encode(part: StreamPart): string | undefined {
    switch (part.type) {
      case 'text-delta':
        return this.delta(part.index, `"content":${JSON.stringify(part.text)}`);
      case 'reasoning-delta':
        return this.delta(part.index, `"content":null,"reasoning_content":${JSON.stringify(part.text)}`);
      case 'tool-call-delta': {
        const call: Record<string, unknown> = { index: part.toolCallIndex };
        if (part.id !== undefined) {
          call.id = part.id;
          call.type = 'function';
          call.function = { name: part.name ?? '', arguments: part.argumentsDelta };
        } else {
          call.function = { arguments: part.argumentsDelta };
        }
        return this.delta(part.index, `"tool_calls":[${JSON.stringify(call)}]`);
      }
      case 'finish':
        return `${this.head}{"index":${part.index},"delta":{},"logprobs":null,"finish_reason":"${toOpenAIFinishReason(part.finishReason)}"}]}`;
      case 'usage':
        return this.includeUsage ? `${this.head}],"usage":${JSON.stringify(toOpenAIUsage(part.usage))}}` : undefined;
      default:
        return undefined;
    }
  }

  private delta(index: number, fields: string): string {
    return `${this.head}{"index":${index},"delta":{${fields}},"logprobs":null,"finish_reason":null}]}`;
  }
}
