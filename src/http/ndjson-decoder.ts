import { parseUpstreamJson } from './json.js';

/**
 * Decodes newline-delimited JSON (Ollama's native stream) into the parsed values each network read
 * completes, one array per read, tolerating split lines.
 */
export async function* decodeNdjsonBatches(body: AsyncIterable<Uint8Array | string>, provider: string): AsyncGenerator<readonly unknown[]> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const values: unknown[] = [];
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line.length > 0) {
        try {
          values.push(parseUpstreamJson(line, provider));
        } catch (error) {
          // The good lines before a malformed one are delivered before its error.
          if (values.length > 0) yield values;
          throw error;
        }
      }
      newline = buffered.indexOf('\n');
    }
    if (values.length > 0) yield values;
  }
  const last = (buffered + decoder.decode()).trim();
  if (last.length > 0) yield [parseUpstreamJson(last, provider)];
}

/** The values of an NDJSON byte stream one at a time (see decodeNdjsonBatches). */
export async function* decodeNdjson(body: AsyncIterable<Uint8Array | string>, provider: string): AsyncGenerator<unknown> {
  for await (const values of decodeNdjsonBatches(body, provider)) yield* values;
}
