import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFixture, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { runProcess } from '../support/run-process.js';
import { blockAfter, codeBlocks, readSeed } from '../support/seed-examples.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { postJson } from './ai-core-support.js';

const seed = readSeed('000_c50cbc4cf8d2baf4.md');
/** The document's base URL, replaced by the live Qiao's in every example. */
const documentedUrl = 'http://127.0.0.1:8080';
const answer = JSON.parse(readFixture(new URL('../../src/providers/openai-compatible/__fixtures__/', import.meta.url), 'openai-text.json')) as {
  choices: { message: { content: string } }[];
};

/** The one block of a language that contains `marker`, pointed at the live Qiao. */
function example(language: string, marker: string, baseUrl: string): string {
  const found = codeBlocks(seed).filter((candidate) => candidate.language === language && candidate.code.includes(marker));
  assert.equal(found.length, 1, `exactly one ${language} block with ${marker} in the seed`);
  assert.ok(found[0]!.code.includes(documentedUrl));
  return found[0]!.code.replaceAll(documentedUrl, baseUrl);
}

/** The `nth` JSON block after a marker (a request, then its response), parsed. */
function jsonAfter(marker: string, nth = 0): Record<string, unknown> {
  const first = blockAfter(seed, marker, 'json');
  const block = codeBlocks(seed).filter((candidate) => candidate.language === 'json' && candidate.before.length >= first.before.length)[nth];
  assert.ok(block, `JSON block ${nth} after ${marker}`);
  return JSON.parse(block.code) as Record<string, unknown>;
}

describe('seed 000\'s client examples, verbatim, against a live Qiao', () => {
  let upstream: FakeUpstream;
  let qiao: RunningGateway;

  before(async () => {
    upstream = await startFakeUpstream({ 'POST /v1/chat/completions': () => ({ json: answer }) });
    // The examples configure provider_type "openai" without base_url: the default OpenAI base URL comes from OPENAI_BASE_URL.
    qiao = await startGateway({}, { OPENAI_BASE_URL: `${upstream.baseUrl}/v1` });
  });
  after(async () => {
    await qiao?.close();
    await upstream?.close();
  });

  test('the cURL examples', async () => {
    const { code, stdout, stderr } = await runProcess('bash', ['-e', '-c', example('bash', 'curl', qiao.url)], { timeoutMs: 60_000 });
    assert.equal(code, 0, stderr);
    const [health, heartbeat, config, chat] = stdout.split(/(?<=\})(?=\{)/).map((text) => JSON.parse(text) as Record<string, unknown>);
    assert.deepEqual([health!.success, health!.status, health!.message], [true, 'ok', '服务正常运行']);
    assert.deepEqual([heartbeat!.success, heartbeat!.message, typeof heartbeat!.elapsed_time], [true, '心跳已更新', 'number']);
    assert.deepEqual(config, { success: true, message: '配置成功', provider_type: 'openai', model: 'gpt-3.5-turbo', provider: 'openai' });
    assert.equal(chat!.success, true);
    assert.equal(chat!.content, answer.choices[0]!.message.content);
    assert.equal(upstream.requests.at(-1)!.headers.authorization, 'Bearer your-api-key');
  });

  test('the Python example (requests)', async () => {
    const script = example('python', 'import requests', qiao.url);
    assert.match(script, /def keep_heartbeat\(\):/, 'keep_heartbeat is only defined, never called, so it runs unchanged');
    const { code, stdout, stderr } = await runProcess('/usr/bin/python3', ['-c', script], { timeoutMs: 60_000 });
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 3, stdout);
    assert.match(lines[0]!, /'status': 'ok'/);
    assert.match(lines[1]!, /'message': '配置成功'/);
    assert.equal(lines[2], answer.choices[0]!.message.content);
    const sent = upstream.requests.at(-1)!;
    assert.equal(sent.headers.authorization, 'Bearer your-api-key');
    assert.equal((sent.body as { model: string }).model, 'gpt-3.5-turbo');
  });

  test('the documented request bodies are accepted and the answers have the documented fields', async () => {
    await postJson(qiao.url, '/config', { provider_type: 'openai', api_key: 'your-api-key', model: 'gpt-3.5-turbo' });
    const chatRequest = jsonAfter('**接口**: `POST /chat`');
    const chatAnswer = jsonAfter('**接口**: `POST /chat`', 1);
    const response = await (await postJson(qiao.url, '/chat', chatRequest)).json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(response), Object.keys(chatAnswer));
    assert.deepEqual(Object.keys(response.usage as object), Object.keys(chatAnswer.usage as object));
    const heartbeat = await (await fetch(`${qiao.url}/heartbeat`)).json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(heartbeat), Object.keys(jsonAfter('**接口**: `GET /heartbeat`')));
    const configAnswer = jsonAfter('**接口**: `POST /config`', 1);
    const configRequest = { ...jsonAfter('**接口**: `POST /config`'), base_url: `${upstream.baseUrl}/v1` };
    const configured = await (await postJson(qiao.url, '/config', configRequest)).json() as Record<string, unknown>;
    for (const [key, value] of Object.entries(configAnswer)) assert.deepEqual(configured[key], value, key);
  });
});
