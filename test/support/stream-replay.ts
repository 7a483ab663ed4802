/** Helpers for provider stream tests: collect parts, and cut a body into byte chunks of every small size. */
import type { StreamPart } from '../../src/spec/index.js';

/** Every part of a stream. */
export async function collectParts(iterable: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of iterable) parts.push(part);
  return parts;
}

/** The body as byte chunks of `size` bytes (splitting multi-byte characters and lines anywhere). */
export async function* bytesOf(body: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

/** Chunk sizes a byte-split test walks through. */
export const chunkSizes = [1, 2, 3, 5, 7, 16, 64, 1 << 20];

/** The joined text of one kind of delta. */
export function joinedText(parts: StreamPart[], type: 'text-delta' | 'reasoning-delta' = 'text-delta'): string {
  return parts.map((part) => (part.type === type ? part.text : '')).join('');
}

/** Parts without `stream-start` and with errors reduced to class name and message, for deepEqual. */
export function comparable(parts: StreamPart[]): unknown[] {
  return parts.filter((part) => part.type !== 'stream-start').map((part) => (part.type === 'error' ? { type: 'error', error: part.error.name, message: part.error.message } : part));
}

/** A protocol's state machine, as the stream tests drive it. */
interface ReplayableState {
  push(payload: unknown, parts: StreamPart[]): void;
  end(parts: StreamPart[]): void;
  readonly hasFailed: boolean;
}

/** Feeds decoded payloads to a state machine the way driveStream does: stop after an error part, else end. */
export function replayState(state: ReplayableState, payloads: unknown[]): StreamPart[] {
  const parts: StreamPart[] = [];
  for (const payload of payloads) {
    state.push(payload, parts);
    if (state.hasFailed) return parts;
  }
  state.end(parts);
  return parts;
}
