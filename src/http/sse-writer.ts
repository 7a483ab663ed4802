import type { ServerResponse } from 'node:http';
import { once } from 'node:events';
import { flatString } from './flat-string.js';

const lineBreaks = /[\r\n]/g;
const sseHeaders: readonly string[] = [
  'content-type', 'text/event-stream; charset=utf-8',
  'cache-control', 'no-cache',
  'connection', 'keep-alive',
  'x-accel-buffering', 'no',
];

/**
 * Writes server-sent events to a client with backpressure: `send` returns nothing while the
 * socket keeps up and a promise of `drain` when it does not. The events sent in one tick (an
 * upstream read often carries many) go out as one write at the end of the tick: each
 * `response.write` costs its own chunk framing and buffer bookkeeping.
 */
export class SseWriter {
  private closed = false;
  private buffered = '';
  private flushScheduled = false;
  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.buffered.length === 0 || this.closed) return;
    const text = this.buffered;
    this.buffered = '';
    this.response.write(text);
  };

  constructor(private readonly response: ServerResponse) {
    response.once('close', () => { this.closed = true; });
  }

  /** Sends the status line and SSE headers, after `extraHeaders` (names and values in turn: `[name, value, …]`). */
  open(extraHeaders: readonly string[] = []): void {
    // A flat list, not an object spread with the SSE headers: Node takes either, and building the
    // object cost ~2% of a stream's CPU (profile, 22-event streams).
    this.response.writeHead(200, extraHeaders.concat(sseHeaders));
    // Node keeps the header block it built, a tree of some 30 pieces (see flatString), as the
    // response's `_header` until the response is gone: flat, an open stream holds ~1 kB less.
    const sent = (this.response as { _header?: unknown })._header;
    if (typeof sent === 'string') flatString(sent);
  }

  /** True once the client has gone. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends `data: <payload>` as one event; `event` names it. Values can never inject lines into `event:`. */
  send(payload: string, event?: string): Promise<void> | undefined {
    if (this.closed) return undefined;
    const head = event === undefined ? '' : `event: ${event.replace(lineBreaks, ' ')}\n`;
    this.buffered += `${head}data: ${payload}\n\n`;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
    return this.response.writableNeedDrain ? this.waitForDrain() : undefined;
  }

  /** Ends the response with whatever is still buffered (one write for both: each write is a syscall). */
  end(): void {
    const text = this.buffered;
    this.buffered = '';
    if (this.response.writableEnded) return;
    if (text.length > 0 && !this.closed) this.response.end(text);
    else this.response.end();
  }

  private async waitForDrain(): Promise<void> {
    if (this.closed) return;
    await Promise.race([once(this.response, 'drain'), once(this.response, 'close')]);
  }
}
