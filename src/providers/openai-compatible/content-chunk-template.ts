import { ownString } from '../../http/index.js';
import type { StreamPart } from '../../spec/index.js';

/**
 * Reads the text of a `chat.completion.chunk` without JSON.parse when the chunk is byte for byte an
 * earlier one with another `delta.content`. Within one stream, most vendors send every content
 * chunk with the same id, created, model and fingerprint, so the JSON around the text repeats:
 * `{"id":"…","choices":[{"index":0,"delta":{"content":"` + text + `"},"finish_reason":null}]}`.
 * Parsing each chunk whole was the largest cost of relaying a stream (16% of Qiao's CPU at 22
 * events; JSON.parse of a 170-byte chunk takes ~1.7 µs on the reference VM, the match below ~0.2).
 *
 * The template is learned from a chunk that was parsed in full and gave exactly one text delta
 * and nothing else, so a matching chunk has the same effect on the stream's state but for its
 * text. Anything else (another field differs, a quote or backslash the text cannot be read
 * from without parsing, OpenAI's per-chunk `obfuscation` padding) goes to the full parse, which
 * stays the reference. A stream whose chunks keep missing stops learning.
 */
export class ContentChunkTemplate {
  private prefix: string | undefined;
  private suffix = '';
  /** The choice index of the learned chunk's text, which every matching chunk shares. */
  choiceIndex = 0;
  private misses = 0;

  /** The text delta the chunk carries (of choice `choiceIndex`), when it matches the learned template; else undefined. */
  match(data: string): string | undefined {
    const { prefix, suffix } = this;
    if (prefix === undefined) return undefined;
    const end = data.length - suffix.length;
    // Not startsWith/endsWith: on these chunks (slices of a network read), in the server under load
    // on Node 20, they took ~1.4 µs a chunk, most of this class's cost; slicing and comparing ~0.1 µs.
    if (end > prefix.length && data.slice(0, prefix.length) === prefix && data.slice(end) === suffix) {
      const text = stringBody(data.slice(prefix.length, end));
      if (text) {
        this.misses = 0;
        return text;
      }
    }
    if (++this.misses >= giveUpAfterMisses) this.prefix = undefined;
    return undefined;
  }

  /**
   * Learns from a chunk parsed in full, whose parse appended `parts` from `from` on. Learns only when
   * that was one text delta, found in the chunk's JSON exactly once, right after a `"content":` key.
   */
  learn(data: string, parts: readonly StreamPart[], from: number): void {
    if (this.misses >= giveUpAfterMisses || parts.length !== from + 1) return;
    const part = parts[from]!;
    if (part.type !== 'text-delta' || !part.text) return;
    const encoded = JSON.stringify(part.text);
    const at = data.indexOf(encoded);
    if (at < 0 || data.indexOf(encoded, at + 1) >= 0 || !data.startsWith(contentKey, at - contentKey.length)) return;
    // Copies: slices would keep the whole network read they were cut from for the stream's life.
    this.prefix = ownString(data.slice(0, at + 1));
    this.suffix = ownString(data.slice(at + encoded.length - 1));
    this.choiceIndex = part.index;
  }
}

const contentKey = '"content":';
const giveUpAfterMisses = 16;
/** A quote, a backslash or a control character: the text cannot be taken as it stands. */
const needsParsing = /["\\\u0000-\u001f]/;
/** V8's shortest sliced string: `slice` copies anything shorter. */
const shortestView = 13;

/**
 * The value of a JSON string literal's body, or undefined when it is not one. A body that is
 * taken as it stands must be short enough to be a copy: the stream's usage tally keeps every text
 * delta, and a view would keep the network read the chunk came in.
 */
function stringBody(body: string): string | undefined {
  if (body.length < shortestView && !needsParsing.test(body)) return body;
  try {
    // Succeeds only when `body` is exactly one string's contents (an unescaped quote ends it early).
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}
