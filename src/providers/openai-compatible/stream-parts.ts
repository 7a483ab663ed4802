import { SseDecoder, parseUpstreamJson } from '../../http/index.js';
import type { StreamPart, Warning } from '../../spec/index.js';
import { driveStream } from '../drive-stream.js';
import { OpenAICompatibleStreamState } from './openai-compatible-stream.js';

/** Reads an SSE body of `chat.completion.chunk` payloads into StreamParts; failures end it with an `error` part. */
export function streamParts(
  body: AsyncIterable<Uint8Array>, provider: string, warnings: Warning[], signal?: AbortSignal,
): AsyncGenerator<StreamPart> {
  const state = new OpenAICompatibleStreamState(provider);
  return driveStream(body, new SseDecoder(), state, (event, parts) => {
    // After [DONE] the stream ends; driveStream reads the rest of the body in the background.
    if (event.data === '[DONE]') state.markDone();
    else if (!state.isComplete) state.push(parseUpstreamJson(event.data, provider), parts);
  }, { provider, warnings, signal });
}
