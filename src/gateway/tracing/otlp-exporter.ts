import { Agent, request } from 'undici';
import type { Logger } from '../logger.js';
import { otlpAttributes, otlpSpan, type AttributeValue, type Span } from './span.js';

/** Where and how spans are exported. */
export interface OtlpExporterOptions {
  /** Full URL of the collector's traces endpoint, e.g. http://127.0.0.1:4318/v1/traces. */
  url: string;
  /** Extra headers (e.g. a collector token); never logged. */
  headers: Record<string, string>;
  /** Resource attributes (service.name, …). */
  resource: Record<string, AttributeValue>;
  /** Instrumentation scope name and version. */
  scope: { name: string; version: string };
  logger: Logger;
  /** Spans waiting at most; more are dropped (and counted) rather than slowing requests. */
  maxQueue?: number;
  /** Spans that trigger an export before the interval. */
  maxBatch?: number;
  /** Longest a span waits before export. */
  intervalMs?: number;
}

/**
 * Exports spans as OTLP/HTTP JSON in batches, off the request path: `enqueue` only pushes to a bounded
 * queue; one export is in flight at a time; a slow or failing collector costs dropped spans, never latency.
 */
export class OtlpExporter {
  private queue: Span[] = [];
  private sending: Promise<void> | undefined;
  private failing = false;
  private readonly timer: NodeJS.Timeout;
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 2, connect: { timeout: 5_000 } });
  private readonly maxQueue: number;
  private readonly maxBatch: number;
  /** The collector as logged: no userinfo, no query. */
  private readonly target: string;
  /** Spans dropped because the queue was full or an export failed. */
  dropped = 0;

  constructor(private readonly options: OtlpExporterOptions) {
    this.maxQueue = options.maxQueue ?? 4096;
    this.maxBatch = options.maxBatch ?? 512;
    const url = new URL(options.url);
    this.target = `${url.protocol}//${url.host}${url.pathname}`;
    this.timer = setInterval(() => void this.flush(), options.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** Queues a finished span. */
  enqueue(span: Span): void {
    if (this.queue.length >= this.maxQueue) {
      this.dropped++;
      return;
    }
    this.queue.push(span);
    if (this.queue.length >= this.maxBatch && !this.sending) void this.flush();
  }

  /** Exports everything queued; resolves when the collector has answered (or failed). */
  async flush(): Promise<void> {
    while (this.sending) await this.sending;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.sending = this.send(batch).finally(() => { this.sending = undefined; });
      await this.sending;
    }
  }

  /** Stops the timer, exports what is left and closes the connection. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.agent.close();
  }

  private async send(batch: Span[]): Promise<void> {
    const body = JSON.stringify({
      resourceSpans: [{
        resource: { attributes: otlpAttributes(this.options.resource) },
        scopeSpans: [{ scope: this.options.scope, spans: batch.map(otlpSpan) }],
      }],
    });
    try {
      const response = await request(this.options.url, {
        method: 'POST',
        headers: { ...this.options.headers, 'content-type': 'application/json' },
        body,
        dispatcher: this.agent,
        headersTimeout: 10_000,
        bodyTimeout: 10_000,
      });
      await response.body.dump();
      if (response.statusCode >= 300) throw new Error(`the collector answered HTTP ${response.statusCode}`);
      if (this.failing) this.options.logger.info({ collector: this.target }, 'trace export works again');
      this.failing = false;
    } catch (error) {
      this.dropped += batch.length;
      // One line per outage, not one per batch.
      if (!this.failing) this.options.logger.warn({ collector: this.target, error: error instanceof Error ? error.message : String(error), dropped: batch.length }, 'trace export failed; dropping spans until the collector answers');
      this.failing = true;
    }
  }
}
