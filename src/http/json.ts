import { UpstreamProtocolError } from '../errors/index.js';

/** Parses upstream JSON; a malformed body becomes an UpstreamProtocolError naming the provider. */
export function parseUpstreamJson(text: string, provider: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const sample = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    throw new UpstreamProtocolError(`Upstream ${provider} sent malformed JSON: ${sample}`, { provider });
  }
}
