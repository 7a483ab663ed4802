import { SseDecoder, parseUpstreamJson } from '../../http/index.js';
import { driveStream } from '../drive-stream.js';
import type { StreamPart, Warning } from '../../spec/index.js';
import { AnthropicStreamState } from './anthropic-stream.js';

/** Reads a Messages API SSE body into StreamParts; failures end it with an `error` part. */
export function anthropicStreamParts(
  body: AsyncIterable<Uint8Array>, provider: string, warnings: Warning[], signal?: AbortSignal,
): AsyncGenerator<StreamPart> {
  const state = new AnthropicStreamState(provider);
  return driveStream(body, new SseDecoder(), state, (event, parts) => {
    if (event.data !== '') state.push(parseUpstreamJson(event.data, provider), parts);
  }, { provider, warnings, signal });
}
