import { decodeSse, parseUpstreamJson, upstreamFailure } from '../../http/index.js';
import type { StreamPart, Warning } from '../../spec/index.js';
import { OpenAICompatibleStreamState } from './openai-compatible-stream.js';

/** Reads an SSE body of `chat.completion.chunk` payloads into StreamParts; failures end it with an `error` part. */
export async function* streamParts(
  body: AsyncIterable<Uint8Array>, provider: string, warnings: Warning[], signal?: AbortSignal,
): AsyncGenerator<StreamPart> {
  yield { type: 'stream-start', warnings };
  const state = new OpenAICompatibleStreamState(provider);
  const parts: StreamPart[] = [];
  let sawDone = false;
  try {
    for await (const event of decodeSse(body)) {
      // Keep reading after [DONE] rather than breaking: an unfinished body would cost the pooled socket.
      if (event.data === '[DONE]' || sawDone) {
        sawDone = true;
        continue;
      }
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
  state.end(sawDone, parts);
  for (const part of parts) yield part;
}
