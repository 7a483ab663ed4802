import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { createTestSchema, testDatabaseUrl } from '../support/postgres-schema.js';

interface ErrorBody { error: { message: string; type: string; param: string | null; code: string } }
interface Match { id: string; text: string; similarity: number; metadata: Record<string, unknown> | null }

describe('/v1/vector_stores (REST, mock embeddings)', () => {
  let directory: string;
  let qiao: RunningGateway;
  let storeId: string;

  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, target = qiao, headers: Record<string, string> = {}) => {
    const response = await target.app.inject({ method, url, ...(payload !== undefined && { payload: payload as Record<string, unknown> }), headers });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };
  const expectError = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload: unknown, status: number, code: string, message: RegExp, param?: string) => {
    const { status: actual, body } = await call(method, url, payload);
    assert.equal(actual, status, JSON.stringify(body));
    const error = (body as unknown as ErrorBody).error;
    assert.equal(error.code, code);
    assert.match(error.message, message);
    if (param !== undefined) assert.equal(error.param, param);
  };

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'qiao-vs-'));
    qiao = await startGateway({}, {}, { directory });
    const created = await call('POST', '/v1/vector_stores', { name: 'notes', model: 'mock/mock-embed', metadata: { team: 'docs' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    storeId = created.body.id as string;
  });
  after(async () => {
    await qiao?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  test('create learns the model\'s size with one embedding call; list and get show the store', async () => {
    const { body } = await call('GET', `/v1/vector_stores/${storeId}`);
    assert.match(storeId, /^vs_[0-9a-f]{32}$/);
    assert.deepEqual({ ...body, created_at: undefined }, {
      id: storeId, object: 'vector_store', name: 'notes', model: 'mock/mock-embed', dimensions: 256, document_count: 0,
      metadata: { team: 'docs' }, created_at: undefined,
    });
    const byName = await call('GET', '/v1/vector_stores/notes');
    assert.equal(byName.body.id, storeId);
    const list = await call('GET', '/v1/vector_stores');
    assert.deepEqual((list.body.data as { id: string }[]).map((store) => store.id), [storeId]);
  });

  test('documents are embedded, searched by text (cosine), filtered, upserted and deleted', async () => {
    const added = await call('POST', `/v1/vector_stores/${storeId}/documents`, { documents: [
      { id: 'ai', text: 'artificial intelligence is a branch of computer science', metadata: { source: 'wiki' } },
      { id: 'ml', text: 'machine learning is a core technique of artificial intelligence', metadata: { source: 'book' } },
      { id: 'dl', text: 'deep learning is machine learning with neural networks', metadata: { source: 'paper' } },
      { id: 'park', text: 'the weather is nice today so I walk in the park', metadata: { source: 'diary' } },
    ] });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    assert.equal(added.body.inserted, 4);
    assert.ok((added.body.usage as { prompt_tokens: number }).prompt_tokens > 0);

    const search = await call('POST', `/v1/vector_stores/${storeId}/search`, { query: 'what is machine learning', top_k: 2 });
    const data = search.body.data as Match[];
    assert.equal(data.length, 2);
    assert.ok(data.every((match) => ['ml', 'dl'].includes(match.id)), JSON.stringify(data));
    assert.ok(data[0]!.similarity >= data[1]!.similarity && data[0]!.similarity <= 1);
    assert.equal(search.body.model, 'mock/mock-embed');

    const filtered = await call('POST', `/v1/vector_stores/${storeId}/search`, { query: 'machine learning', filter: { source: { $in: ['wiki', 'diary'] } } });
    assert.deepEqual((filtered.body.data as Match[]).map((match) => match.id).sort(), ['ai', 'park']);

    const upsert = await call('POST', `/v1/vector_stores/${storeId}/documents`, { documents: [{ id: 'park', text: 'neural networks and deep learning', metadata: { source: 'diary' } }] });
    assert.deepEqual([upsert.body.inserted, upsert.body.updated], [0, 1]);
    const document = await call('GET', `/v1/vector_stores/${storeId}/documents/park`);
    assert.equal(document.body.text, 'neural networks and deep learning');

    const deleted = await call('POST', `/v1/vector_stores/${storeId}/documents/delete`, { filter: { source: 'diary' } });
    assert.equal(deleted.body.deleted, 1);
    const single = await call('DELETE', `/v1/vector_stores/${storeId}/documents/ai`);
    assert.equal(single.body.deleted, true);
    assert.equal((await call('GET', `/v1/vector_stores/${storeId}`)).body.document_count, 2);
    await expectError('GET', `/v1/vector_stores/${storeId}/documents/ai`, undefined, 404, 'not_found', /No document "ai"/, 'document_id');
  });

  test('search by vector; a vector or embedding of the wrong size is a 400 naming both sizes', async () => {
    const vector = Array.from({ length: 256 }, (_, i) => (i === 3 ? 1 : 0));
    const { status } = await call('POST', `/v1/vector_stores/${storeId}/search`, { vector, top_k: 1 });
    assert.equal(status, 200);
    await expectError('POST', `/v1/vector_stores/${storeId}/search`, { vector: [1, 2, 3] }, 400, 'embedding_dimension_mismatch', /3 dimensions.*"notes" has 256/, 'vector');
    await expectError('POST', `/v1/vector_stores/${storeId}/documents`, { documents: [{ id: 'v', text: 'x', embedding: [0.1, 0.2] }] },
      400, 'embedding_dimension_mismatch', /has 2 dimensions.*has 256/, 'documents[0].embedding');
  });

  test('a model that returns another size than the store\'s is a 400 naming both sizes', async () => {
    const created = await call('POST', '/v1/vector_stores', { name: 'small', model: 'mock/mock-embed', dimensions: 16 });
    assert.equal(created.body.dimensions, 16);
    // The mock honours `dimensions`; pointing the same store at the model's native size shows the mismatch.
    const native = await call('POST', '/v1/vector_stores', { name: 'native', model: 'mock/mock-embed' });
    const added = await call('POST', `/v1/vector_stores/${created.body.id}/documents`, { documents: [{ id: 'a', text: 'hello' }] });
    assert.equal(added.status, 200);
    await expectError('POST', `/v1/vector_stores/${native.body.id}/search`, { vector: Array(16).fill(1) }, 400, 'embedding_dimension_mismatch', /16 dimensions.*has 256/);
  });

  test('bad input: empty query, neither/both of query and vector, unknown store, duplicate name, bad filter, unknown field', async () => {
    await expectError('POST', `/v1/vector_stores/${storeId}/search`, { query: '   ' }, 400, 'invalid_request', /query is empty/, 'query');
    await expectError('POST', `/v1/vector_stores/${storeId}/search`, { top_k: 3 }, 400, 'invalid_request', /exactly one of query/, 'query');
    await expectError('POST', `/v1/vector_stores/${storeId}/search`, { query: 'x', top_k: 0 }, 400, 'invalid_request', /top_k/, 'top_k');
    await expectError('POST', '/v1/vector_stores/vs_00000000000000000000000000000000/search', { query: 'x' }, 404, 'not_found', /No vector store/, 'vector_store_id');
    await expectError('DELETE', '/v1/vector_stores/nope', undefined, 404, 'not_found', /No vector store "nope"/);
    await expectError('POST', '/v1/vector_stores', { name: 'notes', model: 'mock/mock-embed' }, 409, 'vector_store_exists', /already exists/, 'name');
    await expectError('POST', '/v1/vector_stores', { name: 'vs_x', model: 'mock/mock-embed' }, 400, 'invalid_request', /vs_/, 'name');
    await expectError('POST', '/v1/vector_stores', { name: 'chat', model: 'mock/mock-echo', dimensions: 0 }, 400, 'invalid_request', /dimensions/, 'dimensions');
    await expectError('POST', `/v1/vector_stores/${storeId}/search`, { query: 'x', filter: { a: { $gt: 1 } } }, 400, 'invalid_request', /filter/);
    await expectError('POST', `/v1/vector_stores/${storeId}/documents/delete`, {}, 400, 'invalid_request', /ids or filter/, 'ids');
    await expectError('POST', `/v1/vector_stores/${storeId}/documents`, { documents: [{ id: 'e', text: '' }] }, 400, 'invalid_request', /documents\[0\]\.text is empty/);
    await expectError('POST', `/v1/vector_stores/${storeId}/documents`, { documents: [], extra: 1 }, 400, 'invalid_request', /documents|extra/);
  });

  test('stores are owned: another caller (here: the same data behind a gateway key) gets 404 and an empty list; data survives a restart', async () => {
    await qiao.close();
    qiao = await startGateway({ api: { auth_enabled: true, api_key: 'gateway-key' } }, {}, { directory });
    const auth = { authorization: 'Bearer gateway-key' };
    const other = await call('GET', `/v1/vector_stores/${storeId}`, undefined, qiao, auth);
    assert.equal(other.status, 404);
    assert.deepEqual((await call('GET', '/v1/vector_stores', undefined, qiao, auth)).body.data, []);
    const search = await call('POST', `/v1/vector_stores/${storeId}/search`, { query: 'x' }, qiao, auth);
    assert.equal(search.status, 404);
    assert.equal((await call('GET', '/v1/vector_stores', undefined, qiao)).status, 401, 'the key is required');
    await qiao.close();
    qiao = await startGateway({}, {}, { directory });
    assert.equal((await call('GET', `/v1/vector_stores/${storeId}`)).body.document_count, 2, 'the owner sees its store after restarts');
  });

  test('DELETE removes the store', async () => {
    const created = await call('POST', '/v1/vector_stores', { name: 'temporary', model: 'mock/mock-embed', dimensions: 8 });
    const removed = await call('DELETE', `/v1/vector_stores/${created.body.id}`);
    assert.deepEqual(removed.body, { id: created.body.id, object: 'vector_store.deleted', deleted: true });
    assert.equal((await call('GET', `/v1/vector_stores/${created.body.id}`)).status, 404);
  });

  test('with DATABASE_URL and no vectorStore.path the store answers 503 saying why', async () => {
    const schema = await createTestSchema();
    const scaled = await startGateway({}, { DATABASE_URL: testDatabaseUrl, QIAO_DB_SCHEMA: schema.name, QIAO_SECRET_KEY: 'vector-test-secret-key-0123456789' });
    try {
      const { status, body } = await call('GET', '/v1/vector_stores', undefined, scaled);
      assert.equal(status, 503);
      assert.match((body as unknown as ErrorBody).error.message, /pgvector.*vectorStore\.path/);
      assert.equal((body as unknown as ErrorBody).error.code, 'vector_store_unavailable');
    } finally {
      await scaled.close();
      await schema.drop();
    }
  });
});
