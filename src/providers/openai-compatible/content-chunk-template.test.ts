import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { readFixture, sseFromFixture } from '../../../test/support/fake-upstream.js';
import type { StreamPart } from '../../spec/index.js';
import { ContentChunkTemplate } from './content-chunk-template.js';
import { OpenAICompatibleStreamState } from './openai-compatible-stream.js';
import { readChunk } from './stream-parts.js';

const fixturesDir = new URL('./__fixtures__/', import.meta.url);

/** A chunk as most vendors send one, with `content` as given (raw JSON text, so tests can inject anything). */
const chunk = (rawContent: string, index = 0) =>
  `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":${index},"delta":{"content":${rawContent}},"logprobs":null,"finish_reason":null}]}`;
const textChunk = (text: string, index = 0) => chunk(JSON.stringify(text), index);

/** Reads payloads as the stream does, with the template or without it (every chunk parsed in full). */
function read(payloads: string[], template?: ContentChunkTemplate): StreamPart[] {
  const state = new OpenAICompatibleStreamState('test');
  const parts: StreamPart[] = [];
  for (const payload of payloads) {
    if (payload === '[DONE]') state.markDone();
    else if (!state.isComplete) readChunk(payload, state, parts, 'test', template);
    if (state.hasFailed) return parts;
  }
  state.end(parts);
  return parts;
}

/** Asserts the template changes nothing, and says how many chunks it read without parsing. */
function sameAsFullParse(payloads: string[]): number {
  const template = new ContentChunkTemplate();
  let matched = 0;
  const match = template.match.bind(template);
  template.match = (data) => {
    const text = match(data);
    if (text !== undefined) matched++;
    return text;
  };
  assert.deepEqual(read(payloads, template), read(payloads));
  return matched;
}

test('chunks that differ only in their text are read without parsing, with the same parts', () => {
  const payloads = [chunk('""'), ...['Hello', ' 世界', ' 😀 ok'].map((text) => textChunk(text)), '[DONE]'];
  assert.equal(sameAsFullParse(payloads), 2);
});

test('every recorded vendor stream gives the same parts with the template as parsed in full', () => {
  const names = readdirSync(fixturesDir).filter((name) => name.endsWith('.chunks.txt') || name.endsWith('.raw.txt'));
  assert.ok(names.length >= 5);
  let matched = 0;
  for (const name of names) {
    const text = readFixture(fixturesDir, name);
    const payloads = name.endsWith('.chunks.txt')
      ? sseFromFixture(text)
      : text.split('\n\n').map((block) => block.trim()).filter((block) => block.startsWith('data: ')).map((block) => block.slice(6));
    matched += sameAsFullParse(payloads);
  }
  assert.ok(matched > 0, 'the recorded streams have repeating content chunks');
});

test('escaped text is read exactly; text that is not one JSON string falls back to the full parse', () => {
  const payloads = [
    textChunk('first'),
    textChunk('line\nbreak "quoted" back\\slash \u0001 \u2028'),
    chunk('"\\u4f60\\u597d"'),
    // Text that would close the string and add a field: the full parse sees a reasoning delta too.
    chunk('"x","reasoning_content":"y"'),
    chunk('"a\\\\","reasoning_content":"b"'),
    textChunk('last'),
    '[DONE]',
  ];
  assert.equal(sameAsFullParse(payloads), 3);
  const parts = read(payloads, new ContentChunkTemplate());
  assert.deepEqual(parts.filter((part) => part.type === 'reasoning-delta').map((part) => part.text), ['y', 'b']);
});

test('a chunk whose other fields differ, or of another choice, is parsed in full', () => {
  const finishing = textChunk('end').replace('"finish_reason":null', '"finish_reason":"stop"');
  const payloads = [textChunk('a'), textChunk('b', 1), textChunk('c'), finishing, '[DONE]'];
  const parts = read(payloads, new ContentChunkTemplate());
  assert.deepEqual(parts, read(payloads));
  assert.deepEqual(parts.map((part) => part.type), ['text-delta', 'text-delta', 'text-delta', 'text-delta', 'finish']);
});

test('text that also appears elsewhere in the chunk is not learned from', () => {
  const template = new ContentChunkTemplate();
  const state = new OpenAICompatibleStreamState('test');
  readChunk(textChunk('m'), state, [], 'test', template); // "m" is also the model
  assert.equal(template.match(textChunk('x')), undefined);
  readChunk(textChunk('x'), state, [], 'test', template);
  assert.equal(template.match(textChunk('y')), 'y');
});

test('a stream whose chunks never repeat (per-chunk padding) stops learning', () => {
  const padded = (text: string, i: number) => textChunk(text).replace('"model":"m"', `"model":"m","obfuscation":"${'x'.repeat(i)}"`);
  const payloads = Array.from({ length: 40 }, (_, i) => padded(`t${i}`, i));
  assert.equal(sameAsFullParse(payloads), 0);
  const template = new ContentChunkTemplate();
  const state = new OpenAICompatibleStreamState('test');
  for (const payload of payloads) readChunk(payload, state, [], 'test', template);
  readChunk(textChunk('same'), state, [], 'test', template);
  assert.equal(template.match(textChunk('shape')), undefined);
});

test('neither the template nor the texts it gives keep the network read they were cut from', () => {
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;
  const kept: unknown[] = [];
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 300; i++) {
    // One network read of 64 kB; the decoder hands out its events as slices of it.
    const first = textChunk(`learned from ${i}`);
    const second = textChunk(`a delta long enough to be a view ${i}`);
    const read = `${first}\n${second}\n${' '.repeat(64 * 1024)}${i}`;
    const template = new ContentChunkTemplate();
    template.learn(read.slice(0, first.length), [{ type: 'text-delta', index: 0, text: `learned from ${i}` }], 0);
    const text = template.match(read.slice(first.length + 1, first.length + 1 + second.length));
    assert.equal(text, `a delta long enough to be a view ${i}`);
    kept.push(template, text);
  }
  collectGarbage();
  const perRead = (process.memoryUsage().heapUsed - before) / 300;
  assert.ok(perRead < 4 * 1024, `${perRead.toFixed(0)} bytes kept per 64 kB read`);
});
