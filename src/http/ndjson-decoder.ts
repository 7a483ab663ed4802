import { ItemCollector, LineBuffer, decodeEach, type BodyDecoder } from './body-decoder.js';
import { parseUpstreamJson } from './json.js';

/**
 * Decodes newline-delimited JSON (Ollama's native stream) into the values each network read
 * completes, tolerating lines split across reads. A malformed line sets `failure`; the good lines
 * before it are still returned.
 */
export class NdjsonDecoder extends ItemCollector<unknown> implements BodyDecoder<unknown> {
  private readonly lines = new LineBuffer();
  failure: unknown = undefined;

  constructor(private readonly provider: string) {
    super();
  }

  decode(chunk: Uint8Array | string): readonly unknown[] {
    this.parse(this.lines.completeLines(chunk, 'lf'));
    return this.handOver();
  }

  end(): readonly unknown[] {
    this.parse(this.lines.rest());
    return this.handOver();
  }

  private parse(text: string): void {
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line.length === 0 || this.failure !== undefined) continue;
      try {
        this.items.push(parseUpstreamJson(line, this.provider));
      } catch (error) {
        this.failure = error;
      }
    }
  }
}

/** The values of an NDJSON byte stream one at a time (see NdjsonDecoder). */
export function decodeNdjson(body: AsyncIterable<Uint8Array | string>, provider: string): AsyncGenerator<unknown> {
  return decodeEach(body, new NdjsonDecoder(provider));
}
