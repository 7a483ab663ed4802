import type { FastifyReply } from 'fastify';
import { SseWriter } from '../../http/index.js';

/** How a dialect writes a stream of events that are not chat parts (e.g. workflow events). */
export interface EventEncoding<T> {
  /** `data:` payloads for one event (none when it has none). */
  encode(event: T): string[];
  /** Whether the event ends the stream as a failure (no closing payloads follow). */
  isFailure(event: T): boolean;
  /** Payloads after a stream that ended without failure (e.g. `[DONE]`). */
  closing(): string[];
}

/**
 * Relays events to the client as SSE with backpressure, like relayStream does for chat parts.
 * Stops reading (which aborts the upstream) as soon as the client goes away.
 */
export async function relayEvents<T>(reply: FastifyReply, events: AsyncIterable<T>, encoding: EventEncoding<T>): Promise<void> {
  const writer = new SseWriter(reply.raw);
  reply.hijack();
  writer.open(['x-request-id', reply.request.id]);
  try {
    for await (const event of events) {
      if (writer.isClosed) return;
      for (const payload of encoding.encode(event)) {
        const drained = writer.send(payload);
        if (drained) await drained;
      }
      if (encoding.isFailure(event)) return;
    }
    for (const payload of encoding.closing()) writer.send(payload);
  } finally {
    writer.end();
  }
}
