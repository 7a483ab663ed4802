import { SseDecoder, parseUpstreamJson } from '../../http/index.js';
import type { StreamPart, Warning } from '../../spec/index.js';
import { driveStream } from '../drive-stream.js';
import { ContentChunkTemplate } from './content-chunk-template.js';
import { OpenAICompatibleStreamState } from './openai-compatible-stream.js';

/** Reads an SSE body of `chat.completion.chunk` payloads into StreamParts; failures end it with an `error` part. */
export function streamParts(
  body: AsyncIterable<Uint8Array>, provider: string, warnings: Warning[], signal?: AbortSignal,
): AsyncGenerator<StreamPart> {
  const state = new OpenAICompatibleStreamState(provider);
  const template = new ContentChunkTemplate();
  return driveStream(body, new SseDecoder(), state, (event, parts) => {
    // After [DONE] the stream ends; driveStream reads the rest of the body in the background.
    if (event.data === '[DONE]') state.markDone();
    else if (!state.isComplete) readChunk(event.data, state, parts, provider, template);
  }, { provider, warnings, signal });
}

/** Appends the parts of one chunk: from the template when the chunk matches it, else parsed in full (and learned from). */
export function readChunk(data: string, state: OpenAICompatibleStreamState, parts: StreamPart[], provider: string, template?: ContentChunkTemplate): void {
  const text = template?.match(data);
  if (text !== undefined) {
    parts.push({ type: 'text-delta', index: template!.choiceIndex, text });
    return;
  }
  const from = parts.length;
  state.push(parseUpstreamJson(data, provider), parts);
  template?.learn(data, parts, from);
}
