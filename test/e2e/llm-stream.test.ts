import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readFixture, sseFromFixture, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { runProcess } from '../support/run-process.js';
import { codeBlocks, pointedAt, readSeed } from '../support/seed-examples.js';
import { openAIChunks, ssePayloads } from '../support/sse-events.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const seed = readSeed('003_498964e4acb237e9.md');
const fixtures = new URL('../../src/providers/openai-compatible/__fixtures__/', import.meta.url);
const answerDeltas = ['你好', '！我是', '一个 AI', ' 助手', '。'];
const answer = answerDeltas.join('');
const python = '/usr/bin/python3';

/** The fetch example declares chatWithModel without calling it: this module calls it and prints what it logged. */
function runnableFetchExample(code: string): string {
  return [
    'const logged = [];',
    'console.log = (...values) => { logged.push(values.join(" ")); };',
    code,
    'await chatWithModel([{ role: "user", content: "你好，请介绍一下自己" }]);',
    'process.stdout.write(JSON.stringify(logged));',
  ].join('\n');
}

describe('LLM stream API (seed 003) against a live Qiao in front of an OpenAI upstream', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;
  let scratch: string;

  before(async () => {
    upstream = await startFakeUpstream({
      'POST /v1/chat/completions': (request) => {
        const prompt = (request.body as { messages: { content: string }[] }).messages.at(-1)?.content;
        if (prompt === 'fail mid-stream') return { sse: sseFromFixture(readFixture(fixtures, 'openai-error-in-stream.chunks.txt')) };
        return { sse: openAIChunks(answerDeltas) };
      },
    });
    // The document's users talk to OpenAI's gpt-3.5-turbo: an `openai` provider that lists it.
    qiao = await startGateway({
      providers: { openai: { type: 'openai', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-fake-openai', discoverModels: false, models: ['gpt-3.5-turbo'] } },
    });
    scratch = mkdtempSync(join(tmpdir(), 'qiao-seed-003-'));
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const post = (body: unknown) => fetch(`${qiao.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  test('the document\'s Python requests example, verbatim, prints the upstream\'s answer', async () => {
    const example = codeBlocks(seed).find((block) => block.language === 'python');
    assert.ok(example, 'seed 003 has a Python example');
    const result = await runProcess(python, ['-'], { input: pointedAt(example.code, qiao.url) });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, answer);
    const sent = upstream.requests.at(-1)!;
    assert.equal(sent.headers.authorization, 'Bearer sk-fake-openai');
    assert.deepEqual(sent.body, {
      model: 'gpt-3.5-turbo', messages: [{ role: 'user', content: '你好，请介绍一下自己' }], temperature: 0.7, stream: true, stream_options: { include_usage: true },
    });
  });

  test('the document\'s JavaScript fetch example, verbatim, logs every content delta', async () => {
    const example = codeBlocks(seed).find((block) => block.language === 'javascript');
    assert.ok(example, 'seed 003 has a JavaScript example');
    const file = join(scratch, 'fetch-example.mjs');
    writeFileSync(file, runnableFetchExample(pointedAt(example.code, qiao.url)));
    const result = await runProcess(process.execPath, [file]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal((JSON.parse(result.stdout) as string[]).join(''), answer);
    assert.equal((upstream.requests.at(-1)!.body as { model: string }).model, 'gpt-3.5-turbo');
  });

  test('the stream is data: {"content": …} per delta, then data: [DONE]', async () => {
    const response = await post({ messages: [{ role: 'system', content: 'be brief' }, { role: 'user', content: 'hi' }], model: 'gpt-3.5-turbo', temperature: 0.3, max_tokens: 64 });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const payloads = ssePayloads(await response.text());
    assert.deepEqual(payloads, [...answerDeltas.map((content) => JSON.stringify({ content })), '[DONE]']);
    const sent = upstream.requests.at(-1)!.body as Record<string, unknown>;
    // The openai preset sends max_tokens as max_completion_tokens (what current OpenAI models take).
    assert.deepEqual([sent.temperature, sent.max_completion_tokens], [0.3, 64]);
  });

  test('an upstream failure mid-stream: data: {"error": "<message>"} and no [DONE]', async () => {
    const payloads = ssePayloads(await (await post({ messages: [{ role: 'user', content: 'fail mid-stream' }], model: 'gpt-3.5-turbo' })).text());
    assert.notEqual(payloads.at(-1), '[DONE]');
    const last = JSON.parse(payloads.at(-1)!) as { error: unknown };
    assert.equal(typeof last.error, 'string');
    assert.match(last.error as string, /mid-stream/);
    for (const payload of payloads.slice(0, -1)) assert.deepEqual(Object.keys(JSON.parse(payload) as object), ['content']);
  });

  test('bad input before streaming: a 4xx {"error": {"message", "code"}} naming the field', async () => {
    const cases: [unknown, number, string, RegExp][] = [
      [{ model: 'gpt-3.5-turbo' }, 400, 'invalid_request', /'messages'/],
      [{ messages: [{ role: 'user', content: 'x' }] }, 400, 'invalid_request', /'model'/],
      [{ messages: [{ role: 'user', content: 'x' }], model: 'gpt-3.5-turbo', temperature: 'hot' }, 400, 'invalid_request', /'temperature'/],
      [{ messages: [{ role: 'user', content: 42 }], model: 'gpt-3.5-turbo' }, 400, 'invalid_request', /'messages\[0\]\.content'/],
      ['not json', 400, 'invalid_request', /JSON/],
      [{ messages: [{ role: 'user', content: 'x' }], model: 'no-such-model' }, 404, 'model_not_found', /no-such-model/],
    ];
    for (const [body, status, code, message] of cases) {
      const response = await post(body);
      assert.equal(response.status, status, JSON.stringify(body));
      const error = await response.json() as { error: { message: string; code: string } };
      assert.deepEqual(Object.keys(error.error).sort(), ['code', 'message']);
      assert.equal(error.error.code, code);
      assert.match(error.error.message, message);
    }
  });

  test('unknown /api endpoints are 404s in this dialect\'s shape; /api/v1 stays AIgo\'s', async () => {
    const response = await fetch(`${qiao.url}/api/nothing`);
    assert.equal(response.status, 404);
    assert.deepEqual(await response.json(), { error: { message: 'Unknown endpoint: GET /api/nothing.', code: 'not_found' } });
    const aigo = await fetch(`${qiao.url}/api/v1/nothing`);
    assert.deepEqual(await aigo.json(), { error: { message: 'Unknown endpoint: GET /api/v1/nothing.', code: 'not_found' } });
  });

  test('the health check the document points to shows the library versions', async () => {
    const line = codeBlocks(seed).map((block) => block.code.trim()).find((code) => code.startsWith('GET ') && code.includes('/health'));
    assert.ok(line, 'seed 003 names its health endpoint');
    const url = pointedAt(line.slice(4), qiao.url);
    const body = await (await fetch(url)).json() as { status: string; versions: Record<string, string> };
    assert.equal(body.status, 'ok');
    assert.match(body.versions.qiao ?? '', /^\d+\.\d+\.\d+/);
  });
});

describe('LLM stream API with the gateway key on', () => {
  let qiao: RunningGateway;
  before(async () => { qiao = await startGateway({ api: { auth_enabled: true, api_key: 'llm-stream-secret' } }); });
  after(async () => qiao?.close());

  test('401 without the key, a stream with Authorization: Bearer …', async () => {
    const call = (headers: Record<string, string>) => fetch(`${qiao.url}/api/chat`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ messages: [{ role: 'user', content: 'hi there' }], model: 'mock-echo' }),
    });
    const denied = await call({});
    assert.equal(denied.status, 401);
    assert.equal((await denied.json() as { error: { code: string } }).error.code, 'invalid_api_key');
    const allowed = await call({ authorization: 'Bearer llm-stream-secret' });
    assert.equal(allowed.status, 200);
    const contents = ssePayloads(await allowed.text()).filter((payload) => payload !== '[DONE]').map((payload) => (JSON.parse(payload) as { content: string }).content);
    assert.equal(contents.join(''), 'hi there');
  });
});
