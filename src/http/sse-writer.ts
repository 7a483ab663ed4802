import type { ServerResponse } from 'node:http';
import { once } from 'node:events';

const lineBreaks = /[\r\n]/g;

/**
 * Writes server-sent events to a client with backpressure: `write` resolves at once while the
 * socket keeps up and waits for `drain` when it does not.
 */
export class SseWriter {
  private closed = false;

  constructor(private readonly response: ServerResponse) {
    response.once('close', () => { this.closed = true; });
  }

  /** Sends the status line and SSE headers. */
  open(extraHeaders: Record<string, string> = {}): void {
    this.response.writeHead(200, {
      ...extraHeaders,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
  }

  /** True once the client has gone. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends `data: <payload>` as one event; `event` names it. Values can never inject lines into `event:`. */
  send(payload: string, event?: string): Promise<void> | undefined {
    if (this.closed) return undefined;
    const head = event === undefined ? '' : `event: ${event.replace(lineBreaks, ' ')}\n`;
    const ok = this.response.write(`${head}data: ${payload}\n\n`);
    if (ok) return undefined;
    return this.waitForDrain();
  }

  /** Ends the response. */
  end(): void {
    if (!this.response.writableEnded) this.response.end();
  }

  private async waitForDrain(): Promise<void> {
    if (this.closed) return;
    await Promise.race([once(this.response, 'drain'), once(this.response, 'close')]);
  }
}
