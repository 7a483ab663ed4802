import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One server-sent event. */
export type SseEvent = EventSourceMessage;

/**
 * Decodes an SSE byte stream into events. Handles events split across chunks, multi-byte
 * characters split across chunks, `event:` with or without a space, and comment lines
 * (DeepSeek's `: keep-alive`, DashScope's `:HTTP_STATUS/200`), which are skipped.
 */
export async function* decodeSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  const pending: SseEvent[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (pending.length === 0) continue;
    for (let i = 0; i < pending.length; i++) yield pending[i]!;
    pending.length = 0;
  }
  const rest = decoder.decode();
  // A stream that ends without the blank line after its last event still delivers that event.
  parser.feed(rest.length > 0 ? `${rest}\n\n` : '\n\n');
  for (const event of pending) yield event;
}
