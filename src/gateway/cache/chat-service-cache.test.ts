import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { UpstreamError } from '../../errors/index.js';
import { MockProvider } from '../../providers/mock/index.js';
import type { CallOptions, ChatModel, ChatRequest, Provider, StreamPart } from '../../spec/index.js';
import { openSqliteStorage } from '../../storage/index.js';
import { ChatService, type CallContext } from '../chat-service.js';
import { silentLogger } from '../logger.js';
import { ModelRegistry } from '../model-registry.js';
import { UsageRecorder } from '../usage-recorder.js';
import { MemoryCacheStore } from './memory-cache-store.js';
import { ResponseCache } from './response-cache.js';

/** The mock provider, counting upstream calls; the prompt `break mid-stream` fails after the first word. */
function countingProvider(): Provider & { calls: number } {
  const mock = new MockProvider({ name: 'mock', paceMs: 0 });
  const counted = {
    name: 'mock', configured: true, configuredModels: mock.configuredModels, calls: 0,
    embeddingModel: (modelId: string) => mock.embeddingModel(modelId),
    chatModel(modelId: string): ChatModel {
      const model = mock.chatModel(modelId);
      return {
        provider: 'mock', modelId,
        generate: (request: ChatRequest, options: CallOptions) => { counted.calls++; return model.generate(request, options); },
        stream: async (request: ChatRequest, options: CallOptions) => {
          counted.calls++;
          const parts = await model.stream(request, options);
          if (request.messages.at(-1)?.content !== 'break mid-stream') return parts;
          return (async function* broken(): AsyncGenerator<StreamPart> {
            yield { type: 'stream-start', warnings: [] };
            yield { type: 'text-delta', index: 0, text: 'half' };
            yield { type: 'error', error: new UpstreamError('The upstream stream broke.', 502, false, { provider: 'mock' }) };
          })();
        },
      };
    },
  };
  return counted;
}

async function drain(parts: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const seen: StreamPart[] = [];
  for await (const part of parts) seen.push(part);
  return seen;
}

describe('ChatService with a response cache', async () => {
  const storage = await openSqliteStorage(':memory:');
  const usage = new UsageRecorder(storage, silentLogger);
  let clock = 0;
  const provider = countingProvider();
  const registry = new ModelRegistry([provider], {}, 'mock');
  const chat = new ChatService(registry, usage, silentLogger, undefined,
    { cache: new ResponseCache(new MemoryCacheStore(100, () => clock), 60, silentLogger) });
  after(async () => {
    await usage.close();
    await storage.close();
  });

  const headersOf = (context: CallContext) => (context as CallContext & { sent: Record<string, string> }).sent;
  const context = (ownerId: string, requestHeaders: Record<string, string> = {}): CallContext => {
    const sent: Record<string, string> = {};
    return {
      requestId: `r-${Math.random()}`, endpoint: '/v1/chat/completions', abortSignal: new AbortController().signal,
      caller: { ownerId, isAdmin: false }, requestHeaders, setResponseHeader: (name, value) => { sent[name] = value; }, sent,
    } as CallContext;
  };
  const ask = (text: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({ messages: [{ role: 'user', content: text }], temperature: 0, ...extra });

  test('a hit replays the answer without an upstream call until the TTL passes on the injected clock', async () => {
    const before = provider.calls;
    const first = context('owner-a');
    const fresh = await chat.generate('mock/mock-echo', ask('ttl check'), first);
    assert.equal(headersOf(first)['x-qiao-cache'], 'miss');
    const second = context('owner-a');
    const replayed = await chat.generate('mock/mock-echo', ask('ttl check'), second);
    assert.equal(headersOf(second)['x-qiao-cache'], 'hit');
    assert.deepEqual(replayed.choices, fresh.choices);
    assert.equal(replayed.attempts, 0);
    assert.equal(provider.calls, before + 1);

    clock += 59_999;
    await chat.generate('mock/mock-echo', ask('ttl check'), context('owner-a'));
    assert.equal(provider.calls, before + 1);
    clock += 1;
    const expired = context('owner-a');
    await chat.generate('mock/mock-echo', ask('ttl check'), expired);
    assert.equal(headersOf(expired)['x-qiao-cache'], 'miss');
    assert.equal(provider.calls, before + 2);
  });

  test('one owner\'s entries never answer another owner', async () => {
    const before = provider.calls;
    await chat.generate('mock/mock-echo', ask('scoped'), context('owner-a'));
    const other = context('owner-b');
    await chat.generate('mock/mock-echo', ask('scoped'), other);
    assert.equal(headersOf(other)['x-qiao-cache'], 'miss');
    assert.equal(provider.calls, before + 2);
  });

  test('a completed stream is replayed part for part; a broken or abandoned one is never stored', async () => {
    const before = provider.calls;
    const fresh = await drain((await chat.stream('mock/mock-echo', ask('stream me please'), context('owner-a'))).parts);
    const replayed = await drain((await chat.stream('mock/mock-echo', ask('stream me please'), context('owner-a'))).parts);
    assert.deepEqual(replayed, fresh);
    assert.equal(provider.calls, before + 1);

    for (let round = 0; round < 2; round++) {
      const parts = await drain((await chat.stream('mock/mock-echo', ask('break mid-stream'), context('owner-a'))).parts);
      assert.equal(parts.at(-1)?.type, 'error');
    }
    assert.equal(provider.calls, before + 3);

    for (let round = 0; round < 2; round++) {
      const outcome = await chat.stream('mock/mock-echo', ask('the client leaves early'), context('owner-a'));
      for await (const part of outcome.parts) if (part.type === 'text-delta') break;
    }
    assert.equal(provider.calls, before + 5);
  });

  test('no-cache refreshes the entry, no-store and sampled requests stay out, and hits are logged with zero tokens', async () => {
    const before = provider.calls;
    await chat.generate('mock/mock-echo', ask('refresh me'), context('owner-a'));
    await chat.generate('mock/mock-echo', ask('refresh me'), context('owner-a', { 'cache-control': 'no-cache' }));
    await chat.generate('mock/mock-echo', ask('refresh me'), context('owner-a', { 'cache-control': 'no-store' }));
    await chat.generate('mock/mock-echo', ask('refresh me', { temperature: 1 }), context('owner-a'));
    await chat.generate('mock/mock-echo', ask('refresh me', { temperature: 1 }), context('owner-a'));
    assert.equal(provider.calls, before + 5);
    const hit = context('owner-a');
    await chat.generate('mock/mock-echo', ask('refresh me'), hit);
    assert.equal(provider.calls, before + 5);

    await usage.flush();
    const [entry] = await storage.requestLog.recent(1);
    assert.equal(entry?.requestId, hit.requestId);
    assert.equal(entry?.status, 'ok');
    assert.equal(entry?.deployment, 'cache');
    assert.equal(entry?.provider, 'mock');
    assert.equal(entry?.upstreamModel, 'mock-echo');
    assert.equal(entry?.inputTokens, 0);
    assert.equal(entry?.outputTokens, 0);
    assert.equal(entry?.attempts, 0);
  });

  test('embeddings are cached per owner too', async () => {
    const first = await chat.embed('mock/mock-embed', { input: ['a', 'b'] }, context('owner-a'));
    const hit = context('owner-a');
    const second = await chat.embed('mock/mock-embed', { input: ['a', 'b'] }, hit);
    assert.equal(headersOf(hit)['x-qiao-cache'], 'hit');
    assert.deepEqual(second.embeddings, first.embeddings);
  });
});
