import { decodeSse, parseUpstreamJson, upstreamFailure } from '../../http/index.js';
import type { StreamPart, Warning } from '../../spec/index.js';
import { AnthropicStreamState } from './anthropic-stream.js';

/** Reads a Messages API SSE body into StreamParts; failures end it with an `error` part. */
export async function* anthropicStreamParts(
  body: AsyncIterable<Uint8Array>, provider: string, warnings: Warning[], signal?: AbortSignal,
): AsyncGenerator<StreamPart> {
  yield { type: 'stream-start', warnings };
  const state = new AnthropicStreamState(provider);
  const parts: StreamPart[] = [];
  try {
    for await (const event of decodeSse(body)) {
      if (event.data === '') continue;
      state.push(parseUpstreamJson(event.data, provider), parts);
      if (parts.length === 0) continue;
      for (let i = 0; i < parts.length; i++) yield parts[i]!;
      parts.length = 0;
      if (state.hasFailed) return;
    }
  } catch (error) {
    yield { type: 'error', error: upstreamFailure(error, provider, signal) };
    return;
  }
  state.end(parts);
  for (const part of parts) yield part;
}
