/**
 * Turns an upstream body's bytes into the items (SSE events, NDJSON values) each network read
 * completes. A decoder is a plain object with its state in fields: thousands of streams may be open
 * at once, and a generator or a parser made of closures costs each of them more heap
 * (docs/benchmarks.md, session 5).
 */
export interface BodyDecoder<Item> {
  /**
   * The items this read completes, in an array the decoder no longer holds: kept until the next read,
   * the items (and the read's text their strings are cut from) would outlive young-generation
   * collections on every open stream and be promoted to die in the old generation.
   */
  decode(chunk: Uint8Array | string): readonly Item[];
  /** The items owed once the body has ended (an unfinished last line or event). */
  end(): readonly Item[];
  /** Set when the body turned out malformed: the items decoded before the fault still come first. */
  readonly failure?: unknown;
}

const noItems: readonly never[] = Object.freeze([]);

/** A decoder's items of the current read, handed over whole (see BodyDecoder.decode). */
export abstract class ItemCollector<Item> {
  protected items: Item[] = [];

  /** The items collected since the last hand-over; the collector keeps none of them. */
  protected handOver(): readonly Item[] {
    const items = this.items;
    if (items.length === 0) return noItems;
    this.items = [];
    return items;
  }
}

export const LF = 10;
export const CR = 13;

/**
 * Splits the bytes of a body at line breaks: each read gives the text of the lines it completes.
 * Line breaks are ASCII, so text cut at one never splits a UTF-8 character; the bytes after the
 * last break wait for the next read.
 */
export class LineBuffer {
  private carry: Buffer | undefined;

  /** The text of the lines this chunk completes, ending with a line break; '' when none. */
  completeLines(chunk: Uint8Array | string, breaks: 'lf' | 'cr-or-lf'): string {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const lastBreak = breaks === 'lf' ? bytes.lastIndexOf(LF) : Math.max(bytes.lastIndexOf(LF), bytes.lastIndexOf(CR));
    if (lastBreak === -1) {
      // A copy: a view would keep the whole network buffer alive until the line ends.
      this.carry = this.carry ? Buffer.concat([this.carry, bytes]) : Buffer.from(bytes);
      return '';
    }
    const text = this.carry
      ? Buffer.concat([this.carry, bytes.subarray(0, lastBreak + 1)]).toString('utf8')
      : bytes.toString('utf8', 0, lastBreak + 1);
    this.carry = lastBreak + 1 < bytes.length ? Buffer.from(bytes.subarray(lastBreak + 1)) : undefined;
    return text;
  }

  /** The unfinished last line, once the body has ended ('' when the body ended with a break). */
  rest(): string {
    const rest = this.carry?.toString('utf8') ?? '';
    this.carry = undefined;
    return rest;
  }
}

/**
 * The items a decoder makes of a body, one at a time, for readers that take a stream item by item
 * (the stream driver calls the decoder itself, a read at a time). A malformed body throws after the
 * items decoded before the fault.
 */
export async function* decodeEach<Item>(body: AsyncIterable<Uint8Array | string>, decoder: BodyDecoder<Item>): AsyncGenerator<Item> {
  for await (const chunk of body) {
    yield* decoder.decode(chunk);
    if (decoder.failure !== undefined) throw decoder.failure;
  }
  yield* decoder.end();
  if (decoder.failure !== undefined) throw decoder.failure;
}
