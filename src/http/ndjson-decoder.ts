import { parseUpstreamJson } from './json.js';

/** Decodes newline-delimited JSON (Ollama's native stream) into parsed values, tolerating split lines. */
export async function* decodeNdjson(body: AsyncIterable<Uint8Array | string>, provider: string): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line.length > 0) yield parseUpstreamJson(line, provider);
      newline = buffered.indexOf('\n');
    }
  }
  const last = (buffered + decoder.decode()).trim();
  if (last.length > 0) yield parseUpstreamJson(last, provider);
}
