import { SseDecoder, parseUpstreamJson } from '../../http/index.js';
import { driveStream } from '../drive-stream.js';
import type { StreamPart, Warning } from '../../spec/index.js';
import { CozeChatStreamState } from './coze-stream.js';

/** Reads a Coze chat v3 SSE body into StreamParts; failures end it with an `error` part. */
export function cozeStreamParts(
  body: AsyncIterable<Uint8Array>, provider: string, warnings: Warning[], signal?: AbortSignal,
): AsyncGenerator<StreamPart> {
  const state = new CozeChatStreamState(provider);
  return driveStream(body, new SseDecoder(), state, (event, parts) => {
    // `done` carries the quoted string "[DONE]"; it needs no parsing.
    if (event.event !== 'done') state.push(event.event ?? 'message', parseUpstreamJson(event.data, provider), parts);
  }, { provider, warnings, signal });
}
