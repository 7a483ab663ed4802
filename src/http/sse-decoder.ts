import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One server-sent event. */
export type SseEvent = EventSourceMessage;

/**
 * Decodes an SSE byte stream into the events each network read completes, as one array per read
 * (an upstream's read often holds many events; a consumer then awaits once per read, not per
 * event). Handles events split across chunks, multi-byte characters split across chunks,
 * `event:` with or without a space, and comment lines (DeepSeek's `: keep-alive`, DashScope's
 * `:HTTP_STATUS/200`), which are skipped. The array is reused: read it before asking for the next.
 */
export async function* decodeSseBatches(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<readonly SseEvent[]> {
  const pending: SseEvent[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (pending.length === 0) continue;
    yield pending;
    pending.length = 0;
  }
  const rest = decoder.decode();
  // A stream that ends without the blank line after its last event still delivers that event.
  parser.feed(rest.length > 0 ? `${rest}\n\n` : '\n\n');
  if (pending.length > 0) yield pending;
}

/** The events of an SSE byte stream one at a time (see decodeSseBatches). */
export async function* decodeSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  for await (const events of decodeSseBatches(body)) yield* events;
}
