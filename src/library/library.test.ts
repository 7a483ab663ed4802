import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { startFakeUpstream, type FakeUpstream } from '../../test/support/fake-upstream.js';
import type { RequestLogEntry } from '../storage/index.js';
import {
  ChatAdapter, ConfigManager, EmbeddingAdapter, HuggingFaceRunner, MixedModelRunner, ModelConfig, ModelRunner, OllamaRunner, OpenAIRunner,
  TextGenerationAdapter, VectorStore, createLogger, getModelRunner,
} from './index.js';

const completion = (content: string) => ({ json: { id: 'c', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] } });

describe('library API', () => {
  let directory: string;
  let upstream: FakeUpstream;
  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'qiao-library-'));
    upstream = await startFakeUpstream({
      'POST /ok/v1/chat/completions': () => completion('from the upstream'),
      'POST /down/v1/chat/completions': () => ({ status: 503, json: { error: { message: 'overloaded', type: 'server_error' } } }),
      'POST /bad/v1/chat/completions': () => ({ status: 400, json: { error: { message: 'bad request', type: 'invalid_request_error' } } }),
    });
  });
  after(async () => {
    await upstream.close();
    rmSync(directory, { recursive: true, force: true });
  });

  test('ModelConfig validates; getModelRunner picks the runner class of the provider', () => {
    assert.throws(() => new ModelConfig({ provider: '', modelName: 'x' }), /provider is required/);
    assert.throws(() => new ModelConfig({ provider: 'mock', modelName: 'x', temperature: 3 }), /temperature/);
    assert.throws(() => new ModelConfig({ provider: 'mock', modelName: 'x', baseUrl: 'ftp://x' }), /baseUrl/);
    assert.throws(() => getModelRunner({ provider: 'nonsense', modelName: 'x' }), /Unknown provider "nonsense"/);
    assert.ok(getModelRunner({ provider: 'ollama', modelName: 'llama3' }) instanceof OllamaRunner);
    assert.ok(getModelRunner({ provider: 'deepseek', modelName: 'deepseek-chat', apiKey: 'k' }) instanceof OpenAIRunner);
    assert.ok(getModelRunner({ provider: 'tgi', modelName: 'tgi', baseUrl: 'http://127.0.0.1:1' }) instanceof HuggingFaceRunner);
    const mock = getModelRunner({ provider: 'mock', modelName: 'mock-echo' });
    assert.ok(mock instanceof ModelRunner && !(mock instanceof OpenAIRunner));
    assert.throws(() => new OllamaRunner({ provider: 'openai', modelName: 'x' }), /OllamaRunner runs providers ollama/);
  });

  test('calls go through the ChatService: config defaults reach the upstream, usage is reported per call', async () => {
    const usage: RequestLogEntry[] = [];
    const runner = new OpenAIRunner({ provider: 'openai-compatible', modelName: 'm1', baseUrl: upstream.url('/ok/v1'), maxTokens: 33, temperature: 0.5 }, { onUsage: (entry) => usage.push(entry) });
    assert.equal(await new TextGenerationAdapter(runner).generate({ prompt: 'hi', maxTokens: 7 }), 'from the upstream');
    assert.equal(await new ChatAdapter(runner).process([{ role: 'user', content: 'hello' }]), 'from the upstream');
    const bodies = upstream.requestsFor('POST /ok/v1/chat/completions').map((request) => request.body as Record<string, unknown>);
    assert.deepEqual(bodies.map((body) => [body.model, body.max_tokens, body.temperature]), [['m1', 7, 0.5], ['m1', 33, 0.5]]);
    assert.deepEqual(usage.map((entry) => [entry.status, entry.deployment]), [['ok', 'openai-compatible/m1'], ['ok', 'openai-compatible/m1']]);
    await assert.rejects(new TextGenerationAdapter(runner).generate({ prompt: ' ' }), /non-empty prompt/);
  });

  test('MixedModelRunner: a retryable failure falls back in order, a client error does not; embeddings use their own model', async () => {
    const mixed = new MixedModelRunner({
      chat: { provider: 'openai-compatible', modelName: 'm', baseUrl: upstream.url('/down/v1') },
      generation: { provider: 'openai-compatible', modelName: 'm', baseUrl: upstream.url('/bad/v1') },
      embedding: { provider: 'mock', modelName: 'mock-embed' },
      fallback: [{ provider: 'openai-compatible', modelName: 'm', baseUrl: upstream.url('/ok/v1') }],
    });
    assert.equal(await mixed.chat([{ role: 'user', content: 'x' }]), 'from the upstream');
    await assert.rejects(mixed.generate('x'), /bad request/);
    assert.equal((await mixed.embed(['a b']))[0]!.length, 256);
  });

  test('streamGenerate yields the pieces; EmbeddingAdapter batches and computes cosine similarities', async () => {
    const runner = getModelRunner({ provider: 'mock', modelName: 'mock-echo' });
    const pieces: string[] = [];
    for await (const piece of runner.streamGenerate('one two three')) pieces.push(piece);
    assert.ok(pieces.length >= 3);
    assert.equal(pieces.join(''), 'one two three');
    const calls: RequestLogEntry[] = [];
    const adapter = new EmbeddingAdapter({ provider: 'mock', modelName: 'mock-embed' }, { batchSize: 2, onUsage: (entry) => calls.push(entry) });
    assert.equal((await adapter.embedBatch(['a', 'b', 'c', 'd', 'e'])).length, 5);
    assert.equal(calls.length, 3, 'five texts in batches of two');
    const [same, other] = await adapter.computeSimilarities('red apple pie', ['red apple pie', 'quantum chromodynamics']);
    assert.ok(Math.abs(same! - 1) < 1e-9 && other! < 0.5, `${same} ${other}`);
  });

  test('ConfigManager: dotted get/set, YAML save keeps comments, JSON stays JSON, validation as the server does', () => {
    const yamlPath = join(directory, 'qiao.yaml');
    writeFileSync(yamlPath, '# top\nserver:\n  port: 9000 # port\n');
    const yaml = ConfigManager.loadConfig({ path: yamlPath });
    assert.equal(yaml.get('server.port'), 9000);
    assert.equal(yaml.get('server.host', 'fallback'), 'fallback');
    yaml.set('providers.mock.paceMs', 0).save();
    assert.match(readFileSync(yamlPath, 'utf8'), /# top\nserver:\n {2}port: 9000 # port\nproviders:\n {2}mock:\n {4}paceMs: 0\n/);
    assert.deepEqual(ConfigManager.loadConfig(yamlPath).get('providers'), { mock: { paceMs: 0 } });
    assert.equal(yaml.toQiaoConfig({}).server.port, 9000);
    assert.throws(() => yaml.set('server.port', -1).toQiaoConfig({}), /server\.port/);

    const jsonPath = join(directory, 'qiao.json');
    const json = ConfigManager.loadConfig({ path: jsonPath });
    assert.equal(json.has('api'), false);
    json.set('api.auth_enabled', true).save();
    assert.deepEqual(JSON.parse(readFileSync(jsonPath, 'utf8')), { api: { auth_enabled: true } });
    writeFileSync(join(directory, 'broken.yaml'), 'a: [');
    assert.throws(() => ConfigManager.loadConfig(join(directory, 'broken.yaml')), /not valid YAML/);
  });

  test('createLogger: named JSON lines with extras at the chosen level; credentials redacted; unknown level refused', () => {
    const lines: string[] = [];
    const destination = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
    const logger = createLogger('unit', { logLevel: 'WARNING', destination });
    logger.info('dropped');
    logger.warn({ userId: 7, apiKey: 'sk-hidden' }, 'kept');
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    assert.deepEqual([line.name, line.msg, line.userId, line.apiKey, line.level], ['unit', 'kept', 7, '[Redacted]', 40]);
    assert.throws(() => createLogger('x', { logLevel: 'loud' }), /Unknown log level "loud"/);
  });

  test('VectorStore: add, search, delete, count; the file keeps its data and refuses another embedding model', async () => {
    const path = join(directory, 'vectors.db');
    const adapter = new EmbeddingAdapter({ provider: 'mock', modelName: 'mock-embed' });
    const store = new VectorStore(adapter, path);
    assert.deepEqual(await store.addDocuments([
      { id: 'a', text: 'apples and pears', metadata: { kind: 'fruit' } },
      { id: 'b', text: 'cars and trucks', metadata: { kind: 'vehicle' } },
    ]), { inserted: 2, updated: 0 });
    const [best] = await store.search('apples', { topK: 1 });
    assert.equal(best!.id, 'a');
    assert.deepEqual((await store.search('apples', { filter: { kind: 'vehicle' } })).map((match) => match.id), ['b']);
    assert.equal(await store.delete(['b', 'zzz']), 1);
    await store.close();

    const reopened = new VectorStore(adapter, path);
    assert.equal(await reopened.count(), 1);
    await reopened.close();
    const otherModel = new VectorStore(new EmbeddingAdapter({ provider: 'mock', modelName: 'other-embed' }), path);
    await assert.rejects(otherModel.search('x'), /holds embeddings of mock\/mock-embed; this EmbeddingAdapter uses mock\/other-embed/);
    await otherModel.close();
  });
});
