import type { FastifyReply } from 'fastify';
import type { GatewayError } from '../../errors/index.js';
import { SseWriter } from '../../http/index.js';
import { batchesOf, type StreamPart, type Warning } from '../../spec/index.js';
import { warningsHeaderName, warningsHeaderValue } from './warnings-header.js';

/** One SSE event: a `data:` payload, or a payload with an `event:` name (Anthropic names every event). */
export type SseOut = string | { event: string; data: string };

/** How a dialect writes a stream: what to send first, per part, on failure, and at the end. */
export interface StreamEncoding {
  /** Events written as soon as the stream opens (e.g. role chunks). */
  opening(): SseOut[];
  /** Event(s) for one part (undefined when it has none). */
  encode(part: StreamPart): SseOut | SseOut[] | undefined;
  /** The in-band error event that ends a broken stream. */
  error(error: GatewayError): SseOut;
  /** Events after a complete stream (e.g. `[DONE]`). */
  closing(): SseOut[];
}

function write(writer: SseWriter, out: SseOut): Promise<void> | undefined {
  return typeof out === 'string' ? writer.send(out) : writer.send(out.data, out.event);
}

/**
 * Relays parts to the client as SSE with backpressure. Headers go out when `stream-start` arrives;
 * a failure after that is reported in-band and the stream ends without the closing events — never
 * a fake finish. Stops reading (which aborts the upstream) as soon as the client goes away.
 */
export async function relayStream(reply: FastifyReply, parts: AsyncIterable<StreamPart>, encoding: StreamEncoding, dialectWarnings: Warning[] = []): Promise<void> {
  const writer = new SseWriter(reply.raw);
  reply.hijack();
  let opened = false;
  const open = (warnings: Warning[]) => {
    const headers = ['x-request-id', reply.request.id];
    if (warnings.length > 0 || dialectWarnings.length > 0) headers.push(warningsHeaderName, warningsHeaderValue([...warnings, ...dialectWarnings]));
    const attempts = reply.getHeader('x-qiao-attempts');
    if (typeof attempts === 'string') headers.push('x-qiao-attempts', attempts);
    writer.open(headers);
    opened = true;
    for (const event of encoding.opening()) write(writer, event);
  };
  try {
    // A batch at a time (the parts of one upstream read): one write and at most one wait for drain per batch.
    for await (const batch of batchesOf(parts)) {
      let drained: Promise<void> | undefined;
      for (const part of batch) {
        if (writer.isClosed) return;
        if (part.type === 'stream-start') {
          open(part.warnings);
          continue;
        }
        if (!opened) open([]);
        if (part.type === 'error') {
          write(writer, encoding.error(part.error));
          return;
        }
        const event = encoding.encode(part);
        if (event === undefined) continue;
        if (Array.isArray(event)) for (const each of event) drained = write(writer, each) ?? drained;
        else drained = write(writer, event) ?? drained;
      }
      if (drained) await drained;
    }
    if (!opened) open([]);
    for (const event of encoding.closing()) write(writer, event);
  } finally {
    writer.end();
  }
}
