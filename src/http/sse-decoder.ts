import { CR, ItemCollector, LF, LineBuffer, decodeEach, type BodyDecoder } from './body-decoder.js';

/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field, when the event had one. */
  event: string | undefined;
  /** The last `id:` field of the event, when it had one. */
  id: string | undefined;
  /** The `data:` lines, joined by `\n`. */
  data: string;
}

const BOM = 0xfeff;
const COLON = 58;
const SPACE = 32;

/**
 * Decodes an SSE byte stream (WHATWG HTML §9.2.6) into the events each network read completes.
 * Handles events and multi-byte characters split across reads, LF, CRLF and CR line breaks (a CRLF
 * split across reads too), `field:value` with or without the space, and comment lines (DeepSeek's
 * `: keep-alive`, DashScope's `:HTTP_STATUS/200`), which are skipped. A body that ends without the
 * blank line after its last event still delivers that event. `retry:` and unknown fields are ignored.
 */
export class SseDecoder extends ItemCollector<SseEvent> implements BodyDecoder<SseEvent> {
  private readonly lines = new LineBuffer();
  private started = false;
  /** The previous text ended with CR: an LF at the start of the next is part of that line break. */
  private afterCr = false;
  private data = '';
  private dataLines = 0;
  private eventType: string | undefined = undefined;
  private id: string | undefined = undefined;

  decode(chunk: Uint8Array | string): readonly SseEvent[] {
    const text = this.lines.completeLines(chunk, 'cr-or-lf');
    if (text.length > 0) this.parse(text);
    return this.handOver();
  }

  end(): readonly SseEvent[] {
    this.parse(`${this.lines.rest()}\n\n`);
    return this.handOver();
  }

  /** Parses text that ends with a line break. */
  private parse(text: string): void {
    let start = 0;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === BOM) start = 1;
    }
    if (this.afterCr && text.charCodeAt(start) === LF) start++;
    const hasCr = text.includes('\r');
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (hasCr) {
        const cr = text.indexOf('\r', start);
        if (cr !== -1 && (end === -1 || cr < end)) end = cr;
      }
      this.line(text, start, end);
      start = end + 1;
      if (text.charCodeAt(end) === CR && text.charCodeAt(start) === LF) start++;
    }
    this.afterCr = text.charCodeAt(text.length - 1) === CR;
  }

  private line(text: string, start: number, end: number): void {
    if (start === end) return this.dispatch();
    if (text.charCodeAt(start) === COLON) return;
    let colon = text.indexOf(':', start);
    if (colon === -1 || colon > end) colon = end;
    let valueStart = colon + 1;
    if (text.charCodeAt(valueStart) === SPACE && valueStart < end) valueStart++;
    const value = valueStart < end ? text.slice(valueStart, end) : '';
    switch (text.slice(start, colon)) {
      case 'data':
        this.data = this.dataLines === 0 ? value : `${this.data}\n${value}`;
        this.dataLines++;
        break;
      case 'event':
        this.eventType = value || undefined;
        break;
      case 'id':
        if (!value.includes('\0')) this.id = value;
        break;
    }
  }

  private dispatch(): void {
    if (this.dataLines > 0) this.items.push({ event: this.eventType, id: this.id, data: this.data });
    this.data = '';
    this.dataLines = 0;
    this.eventType = undefined;
    this.id = undefined;
  }
}

/** The events of an SSE byte stream one at a time (see SseDecoder). */
export function decodeSse(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<SseEvent> {
  return decodeEach(body, new SseDecoder());
}
