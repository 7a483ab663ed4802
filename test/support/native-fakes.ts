/**
 * Fake native upstreams on 127.0.0.1 for end-to-end tests — Gemini, Ollama, Hugging Face TGI
 * (`/generate`, `/generate_stream`) and TEI — replaying the recorded fixtures in
 * src/providers/<provider>/__fixtures__/. What each answers depends on the model, on `tools` in the
 * body, and on the last user prompt (`fail mid-stream`, and TGI's `invalid`).
 *
 * `*Answers` say what the fakes send, computed from the same fixtures, so tests can assert exact text.
 */
import { readFixture, sseFromFixture, startFakeUpstream, type FakeHandler, type FakeReply, type FakeUpstream, type RecordedRequest } from './fake-upstream.js';

const providersDir = new URL('../../src/providers/', import.meta.url);

/** A provider fixture's text, by path under src/providers/ (e.g. `gemini/__fixtures__/gemini-text.json`). */
export const fixtureText = (path: string): string => readFixture(providersDir, path);
/** A provider fixture parsed as JSON. */
export const fixtureJson = (path: string): unknown => JSON.parse(fixtureText(path));
const sse = (path: string): string[] => sseFromFixture(fixtureText(path));
const ndjson = (path: string): FakeReply => ({ headers: { 'content-type': 'application/x-ndjson' }, raw: fixtureText(path) });
const ndjsonLines = (path: string): unknown[] => fixtureText(path).split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as unknown);

/** The last user prompt of a chat request, whatever the wire shape. */
export function promptOf(request: RecordedRequest): string {
  const body = request.body as { contents?: { parts: { text?: string }[] }[]; messages?: { content: string }[]; inputs?: string };
  return body.contents?.at(-1)?.parts[0]?.text ?? body.messages?.at(-1)?.content ?? body.inputs ?? '';
}
const hasTools = (request: RecordedRequest): boolean => Boolean((request.body as { tools?: unknown[] }).tools);

/** Gemini: `gemini-2.5-flash` chat (a function call when tools are given), `bad-key` (400 invalid key), `gemini-embedding-001`. */
export const fakeGeminiRoutes: Record<string, FakeHandler> = {
  'POST /v1beta/models/gemini-2.5-flash:generateContent': (request) => ({ json: fixtureJson(hasTools(request) ? 'gemini/__fixtures__/gemini-function-call.json' : 'gemini/__fixtures__/gemini-text.json') }),
  'POST /v1beta/models/gemini-2.5-flash:streamGenerateContent': (request) => {
    if (promptOf(request) === 'fail mid-stream') return { sse: sse('gemini/__fixtures__/gemini-error-in-stream.chunks.txt') };
    return { sse: sse(hasTools(request) ? 'gemini/__fixtures__/gemini-function-call.chunks.txt' : 'gemini/__fixtures__/gemini-text.chunks.txt') };
  },
  'POST /v1beta/models/bad-key:generateContent': () => ({ status: 400, json: fixtureJson('gemini/__fixtures__/gemini-invalid-key.json') }),
  'POST /v1beta/models/gemini-embedding-001:batchEmbedContents': () => ({ json: fixtureJson('gemini/__fixtures__/gemini-batch-embed.json') }),
};

/** Ollama: `/api/chat` (model `foo` is not found; a tool call when tools are given), `/api/embed`. */
export const fakeOllamaRoutes: Record<string, FakeHandler> = {
  'POST /api/chat': (request) => {
    const body = request.body as { model: string; stream: boolean };
    if (body.model === 'foo') return { status: 404, json: fixtureJson('ollama/__fixtures__/ollama-not-found.json') };
    if (promptOf(request) === 'fail mid-stream') return ndjson('ollama/__fixtures__/ollama-error-in-stream.ndjson');
    if (hasTools(request)) return body.stream ? ndjson('ollama/__fixtures__/ollama-tool-call.ndjson') : { json: fixtureJson('ollama/__fixtures__/ollama-tool-call.json') };
    return body.stream ? ndjson('ollama/__fixtures__/ollama-chat.ndjson') : { json: fixtureJson('ollama/__fixtures__/ollama-chat.json') };
  },
  'POST /api/embed': () => ({ json: fixtureJson('ollama/__fixtures__/ollama-embed.json') }),
};

/** TGI: `/generate` (prompt `invalid` is a 422) and `/generate_stream`. */
export const fakeTgiRoutes: Record<string, FakeHandler> = {
  'POST /generate': (request) => promptOf(request) === 'invalid'
    ? { status: 422, json: fixtureJson('huggingface/__fixtures__/tgi-validation-error.json') }
    : { headers: { 'x-prompt-tokens': '6', 'x-generated-tokens': '20' }, json: fixtureJson('huggingface/__fixtures__/tgi-generate.json') },
  'POST /generate_stream': (request) => promptOf(request) === 'fail mid-stream'
    ? { sse: sse('huggingface/__fixtures__/tgi-error-in-stream.chunks.txt') }
    : { raw: fixtureText('huggingface/__fixtures__/tgi-generate-stream.raw.txt') },
};

/** TEI: `/embed`. */
export const fakeTeiRoutes: Record<string, FakeHandler> = {
  'POST /embed': () => ({ json: fixtureJson('huggingface/__fixtures__/tei-embed.json') }),
};

export const startFakeGemini = (): Promise<FakeUpstream> => startFakeUpstream(fakeGeminiRoutes);
export const startFakeOllama = (): Promise<FakeUpstream> => startFakeUpstream(fakeOllamaRoutes);
export const startFakeTgi = (): Promise<FakeUpstream> => startFakeUpstream(fakeTgiRoutes);

/** The text a fake answers, non-stream and stream, and the tool call it makes when given tools. */
export interface FakeAnswers {
  text: { nonStream: string; stream: string };
  tool?: { name: string; arguments: Record<string, unknown> };
}

type GeminiResponse = { candidates: { content: { parts: { text?: string; functionCall?: { name: string; args: Record<string, unknown> } }[] } }[] };
const geminiText = (response: GeminiResponse) => response.candidates[0]!.content.parts.map((part) => part.text ?? '').join('');
const geminiCall = (fixtureJson('gemini/__fixtures__/gemini-function-call.json') as GeminiResponse).candidates[0]!.content.parts[0]!.functionCall!;

/** Non-stream text ends with `MAX_TOKENS`, the stream with `STOP`. */
export const geminiAnswers: FakeAnswers = {
  text: {
    nonStream: geminiText(fixtureJson('gemini/__fixtures__/gemini-text.json') as GeminiResponse),
    stream: sse('gemini/__fixtures__/gemini-text.chunks.txt').map((payload) => geminiText(JSON.parse(payload) as GeminiResponse)).join(''),
  },
  tool: { name: geminiCall.name, arguments: geminiCall.args },
};

type OllamaChat = { message: { content: string; tool_calls?: { function: { name: string; arguments: Record<string, unknown> } }[] } };
const ollamaCall = (fixtureJson('ollama/__fixtures__/ollama-tool-call.json') as OllamaChat).message.tool_calls![0]!.function;

/** Text ends with `done_reason: stop`; a tool call too (on the wire). */
export const ollamaAnswers: FakeAnswers = {
  text: {
    nonStream: (fixtureJson('ollama/__fixtures__/ollama-chat.json') as OllamaChat).message.content,
    stream: (ndjsonLines('ollama/__fixtures__/ollama-chat.ndjson') as OllamaChat[]).map((line) => line.message.content).join(''),
  },
  tool: { name: ollamaCall.name, arguments: ollamaCall.arguments },
};

type TgiEvent = { generated_text: string | null };
const tgiStreamEvents = fixtureText('huggingface/__fixtures__/tgi-generate-stream.raw.txt').split('\n').flatMap((line) => /^data: ?(.*)$/.exec(line)?.slice(1) ?? []);

/** Non-stream ends with `finish_reason: length`, the stream with `eos_token` (its last token is special, not text). */
export const tgiAnswers: FakeAnswers = {
  text: {
    nonStream: (fixtureJson('huggingface/__fixtures__/tgi-generate.json') as TgiEvent).generated_text!,
    stream: (JSON.parse(tgiStreamEvents.at(-1)!) as TgiEvent).generated_text!,
  },
};
