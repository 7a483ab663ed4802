import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { readFixture, sseFromFixture } from '../../test/support/fake-upstream.js';
import { UpstreamProtocolError } from '../errors/index.js';
import { NdjsonDecoder, decodeNdjson } from './ndjson-decoder.js';
import { SseDecoder, decodeSse, type SseEvent } from './sse-decoder.js';

const fixturesDir = new URL('../providers/openai-compatible/__fixtures__/', import.meta.url);
const encoder = new TextEncoder();

async function* fromChunks<T>(chunks: T[]): AsyncGenerator<T> {
  for (const chunk of chunks) yield chunk;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** Events as plain objects, so deepEqual compares only what the parser reports. */
async function decodeBytes(chunks: Uint8Array[]): Promise<SseEvent[]> {
  return (await collect(decodeSse(fromChunks(chunks)))).map((event) => ({ ...event }));
}

/** Every way of cutting `bytes` in two, plus byte-by-byte and a few three-way cuts. */
function* splits(bytes: Uint8Array): Generator<{ label: string; chunks: Uint8Array[] }> {
  for (let offset = 0; offset <= bytes.length; offset++) {
    yield { label: `split at byte ${offset}`, chunks: [bytes.subarray(0, offset), bytes.subarray(offset)] };
  }
  yield { label: 'one byte per chunk', chunks: Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)) };
  for (const size of [2, 3, 5, 7, 64]) {
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
    yield { label: `${size}-byte chunks`, chunks };
  }
}

function isInsideUtf8Character(bytes: Uint8Array, offset: number): boolean {
  return offset > 0 && offset < bytes.length && (bytes[offset]! & 0b1100_0000) === 0b1000_0000;
}

/** SSE bodies built from every stream fixture, with the data payloads each must decode to. */
function fixtureBodies(): Array<{ name: string; body: string; payloads: string[] }> {
  const files = readdirSync(fixturesDir).filter((name) => name.endsWith('.chunks.txt') || name.endsWith('.raw.txt')).sort();
  return files.map((name) => {
    const text = readFixture(fixturesDir, name);
    if (name.endsWith('.chunks.txt')) {
      const payloads = sseFromFixture(text);
      return { name, body: payloads.map((payload) => `data: ${payload}\n\n`).join(''), payloads };
    }
    const payloads = text.split(/\n\n/).map((block) => block.trim()).filter((block) => block.startsWith('data: ')).map((block) => block.slice(6));
    return { name, body: text, payloads };
  });
}

/** DashScope's native SSE grammar (dashscope.md §3): `id:`, `event:result`, a `:HTTP_STATUS/200` comment, no spaces. */
const dashscopeNativeBody = [
  'id:1',
  'event:result',
  ':HTTP_STATUS/200',
  'data:{"output":{"choices":[{"message":{"content":"","reasoning_content":"思考","role":"assistant"},"finish_reason":"null"}]},"request_id":"a1959ad1"}',
  '',
  'id:2',
  'event:result',
  ':HTTP_STATUS/200',
  'data:{"output":{"choices":[{"message":{"content":"你好，世界","reasoning_content":"","role":"assistant"},"finish_reason":"stop"}]},"request_id":"a1959ad1"}',
  '',
  '',
].join('\n');

describe('decodeSse', () => {
  const bodies = fixtureBodies();

  it('finds the stream fixtures', () => {
    const names = bodies.map((body) => body.name);
    for (const expected of ['openai-text.chunks.txt', 'dashscope-tool-call.chunks.txt', 'deepseek-reasoning.raw.txt', 'moonshot-usage-in-choice.chunks.txt']) {
      assert.ok(names.includes(expected), `missing fixture ${expected}`);
    }
  });

  for (const { name, body, payloads } of bodies) {
    it(`${name}: whole body gives one event per data payload`, async () => {
      const events = await decodeBytes([encoder.encode(body)]);
      assert.deepEqual(events.map((event) => event.data), payloads);
      for (const event of events) {
        assert.equal(event.event, undefined);
        assert.equal(event.id, undefined);
      }
    });

    it(`${name}: any byte split gives identical events`, async () => {
      const bytes = encoder.encode(body);
      const expected = await decodeBytes([bytes]);
      for (const { label, chunks } of splits(bytes)) {
        assert.deepEqual(await decodeBytes(chunks), expected, label);
      }
    });
  }

  it('splits inside multi-byte Chinese characters decode to the same text', async () => {
    const multiByteBodies = bodies.filter(({ body }) => /[\u4e00-\u9fff]/u.test(body));
    assert.ok(multiByteBodies.length >= 2, 'expected fixtures with Chinese text');
    for (const { name, body } of multiByteBodies) {
      const bytes = encoder.encode(body);
      const expected = await decodeBytes([bytes]);
      let insideCharacter = 0;
      for (let offset = 1; offset < bytes.length; offset++) {
        if (!isInsideUtf8Character(bytes, offset)) continue;
        insideCharacter++;
        const events = await decodeBytes([bytes.subarray(0, offset), bytes.subarray(offset)]);
        assert.deepEqual(events, expected, `${name} split inside a character at byte ${offset}`);
        assert.ok(!events.some((event) => event.data.includes('\uFFFD')), 'no replacement characters');
      }
      assert.ok(insideCharacter > 0, `${name} has offsets inside characters`);
    }
  });

  it('skips comment lines (`: keep-alive`, `:HTTP_STATUS/200`)', async () => {
    const events = await decodeBytes([encoder.encode(': keep-alive\n\n: keep-alive\n\ndata: {"a":1}\n\n:HTTP_STATUS/200\ndata: {"b":2}\n\n')]);
    assert.deepEqual(events.map((event) => event.data), ['{"a":1}', '{"b":2}']);
  });

  it('reads DashScope native SSE (`event:` and `id:` without a space, comment between fields) at every split', async () => {
    const bytes = encoder.encode(dashscopeNativeBody);
    const expected = await decodeBytes([bytes]);
    assert.equal(expected.length, 2);
    assert.deepEqual(expected.map((event) => [event.id, event.event]), [['1', 'result'], ['2', 'result']]);
    assert.match(expected[0]!.data, /^\{"output"/);
    assert.match(expected[1]!.data, /你好，世界/);
    for (const { label, chunks } of splits(bytes)) assert.deepEqual(await decodeBytes(chunks), expected, label);
  });

  it('reads `event:` with and without a space the same way', async () => {
    const withSpace = await decodeBytes([encoder.encode('event: error\ndata: {"x":1}\n\n')]);
    const without = await decodeBytes([encoder.encode('event:error\ndata:{"x":1}\n\n')]);
    assert.deepEqual(withSpace, without);
    assert.equal(withSpace[0]!.event, 'error');
    assert.equal(withSpace[0]!.data, '{"x":1}');
  });

  it('joins multi-line data with a newline', async () => {
    const events = await decodeBytes([encoder.encode('data: first\ndata: second\n\n')]);
    assert.deepEqual(events.map((event) => event.data), ['first\nsecond']);
  });

  it('accepts CRLF and CR line endings', async () => {
    const crlf = await decodeBytes([encoder.encode('data: a\r\n\r\n: keep-alive\r\n\r\ndata: b\r\n\r\n')]);
    const cr = await decodeBytes([encoder.encode('data: a\r\rdata: b\r\r')]);
    assert.deepEqual(crlf.map((event) => event.data), ['a', 'b']);
    assert.deepEqual(cr.map((event) => event.data), ['a', 'b']);
    const bytes = encoder.encode('data: 甲\r\n\r\n: keep-alive\r\n\r\nevent:result\r\ndata: 乙\r\n\r\ndata: 丙');
    const expected = await decodeBytes([bytes]);
    assert.deepEqual(expected.map((event) => [event.event, event.data]), [[undefined, '甲'], ['result', '乙'], [undefined, '丙']]);
    for (const { label, chunks } of splits(bytes)) assert.deepEqual(await decodeBytes(chunks), expected, label);
  });

  it('delivers a final event that has no trailing blank line', async () => {
    for (const ending of ['data: last', 'data: last\n', 'data: last\r\n']) {
      const events = await decodeBytes([encoder.encode(`data: first\n\n${ending}`)]);
      assert.deepEqual(events.map((event) => event.data), ['first', 'last'], JSON.stringify(ending));
    }
    const chinese = encoder.encode('data: 你好');
    const events = await decodeBytes([chinese.subarray(0, 8), chinese.subarray(8)]);
    assert.deepEqual(events.map((event) => event.data), ['你好']);
  });

  it('drops a leading byte-order mark, at every split', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('data: 甲\n\n')]);
    for (const { label, chunks } of splits(bytes)) {
      assert.deepEqual((await decodeBytes(chunks)).map((event) => event.data), ['甲'], label);
    }
  });

  it('reads a field line without a colon as that field with an empty value (WHATWG SSE §9.2.6)', async () => {
    const events = await decodeBytes([encoder.encode('data\ndata: x\n\nevent\ndata\n\n')]);
    assert.deepEqual(events.map((event) => [event.event, event.data]), [[undefined, '\nx'], [undefined, '']]);
  });

  it('yields nothing for an empty body or a body of comments', async () => {
    assert.deepEqual(await decodeBytes([]), []);
    assert.deepEqual(await decodeBytes([encoder.encode(': keep-alive\n\n: keep-alive\n\n')]), []);
  });

  it('accepts string chunks', async () => {
    const events = await collect(decodeSse(fromChunks(['data: {"a"', ':1}\n', '\ndata: 好\n\n'])));
    assert.deepEqual(events.map((event) => event.data), ['{"a":1}', '好']);
  });

  it('yields each event as soon as its blank line arrives', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    async function* body(): AsyncGenerator<Uint8Array> {
      yield encoder.encode('data: one\n\n');
      await gate;
      yield encoder.encode('data: two\n\n');
    }
    const iterator = decodeSse(body());
    const first = await iterator.next();
    assert.equal(first.value?.data, 'one');
    release();
    assert.equal((await iterator.next()).value?.data, 'two');
    assert.equal((await iterator.next()).done, true);
  });
});

describe('decodeNdjson', () => {
  const lines = [
    { model: 'qwen3:8b', message: { role: 'assistant', content: '你好' }, done: false },
    { model: 'qwen3:8b', message: { role: 'assistant', content: '，世界！' }, done: false },
    { model: 'qwen3:8b', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', eval_count: 3 },
  ];
  const body = `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`;

  async function decode(chunks: Array<Uint8Array | string>): Promise<unknown[]> {
    return collect(decodeNdjson(fromChunks(chunks), 'ollama'));
  }

  it('decodes each line, whole and at every byte split', async () => {
    const bytes = encoder.encode(body);
    assert.deepEqual(await decode([bytes]), lines);
    let insideCharacter = 0;
    for (const { label, chunks } of splits(bytes)) {
      assert.deepEqual(await decode(chunks), lines, label);
    }
    for (let offset = 1; offset < bytes.length; offset++) if (isInsideUtf8Character(bytes, offset)) insideCharacter++;
    assert.ok(insideCharacter > 0);
  });

  it('skips blank lines, tolerates CRLF and a last line without a newline', async () => {
    const text = `\n\n${JSON.stringify(lines[0])}\r\n\r\n${JSON.stringify(lines[1])}\n   \n${JSON.stringify(lines[2])}`;
    assert.deepEqual(await decode([encoder.encode(text)]), lines);
    assert.deepEqual(await decode([text]), lines);
  });

  it('yields nothing for an empty body', async () => {
    assert.deepEqual(await decode([]), []);
    assert.deepEqual(await decode([encoder.encode('\n\n')]), []);
  });

  it('reports a malformed line as an UpstreamProtocolError naming the provider, after the good lines', async () => {
    const seen: unknown[] = [];
    await assert.rejects(async () => {
      for await (const value of decodeNdjson(fromChunks([encoder.encode(`${JSON.stringify(lines[0])}\n{"broken":\n`)]), 'ollama')) seen.push(value);
    }, (error: unknown) => {
      assert.ok(error instanceof UpstreamProtocolError);
      assert.match(error.message, /ollama/);
      assert.equal(error.provider, 'ollama');
      return true;
    });
    assert.deepEqual(seen, [lines[0]]);
  });
});

describe('decoders hand over what each read completes', () => {
  it('an SSE read’s events are the caller’s: the next read neither reuses nor clears them', () => {
    const decoder = new SseDecoder();
    const first = decoder.decode('data: a\n\ndata: b\n\n');
    const second = decoder.decode('data: c\n\n');
    assert.deepEqual(first.map((event) => event.data), ['a', 'b']);
    assert.deepEqual(second.map((event) => event.data), ['c']);
    assert.deepEqual(decoder.decode('data: unfinished'), []);
    assert.deepEqual(decoder.end().map((event) => event.data), ['unfinished']);
  });

  it('an NDJSON read’s values are the caller’s too', () => {
    const decoder = new NdjsonDecoder('p');
    const first = decoder.decode('{"n":1}\n{"n":2}\n');
    const second = decoder.decode('{"n":3}\n');
    assert.deepEqual(first, [{ n: 1 }, { n: 2 }]);
    assert.deepEqual(second, [{ n: 3 }]);
  });
});
