import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bruteForceTopK, randomVectors, recall } from '../../../test/support/random-vectors.js';
import { newCollectionId, openSqliteVectorStorage, type SqliteVectorStorage } from './sqlite-vector-storage.js';
import type { VectorCollectionRecord, VectorQuery } from './vector-storage.js';

const unit = (vector: Float32Array) => {
  const norm = Math.hypot(...vector);
  return vector.map((x) => x / norm);
};
const collectionOf = (name: string, dimensions: number, ownerId = 'owner-a'): VectorCollectionRecord => ({
  id: newCollectionId(), ownerId, name, model: 'mock/mock-embed', dimensions, requestDimensions: false, documentCount: 0, createdAt: new Date(),
});

describe('SqliteVectorStorage', () => {
  let directory: string;
  let storage: SqliteVectorStorage;
  const vectors = randomVectors(2000, 64, 42);
  const queries = randomVectors(20, 64, 7);
  let collection: VectorCollectionRecord;
  const search = (query: Partial<VectorQuery> & { vector: Float32Array }, target = collection) =>
    storage.search(target, { topK: 10, exactSearchMaxDocuments: 10_000, candidates: 200, ...query });
  const refreshed = async (target: VectorCollectionRecord) => (await storage.findCollection(target.ownerId, target.id))!;

  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'qiao-vectors-'));
    storage = await openSqliteVectorStorage(join(directory, 'vectors.db'));
    assert.equal(await storage.createCollection(collectionOf('random', 64)), true);
    collection = (await storage.findCollection('owner-a', 'random'))!;
    const documents = vectors.map((vector, index) => ({
      id: `doc-${index}`, text: `text ${index}`, metadata: { parity: index % 2 === 0 ? 'even' : 'odd', bucket: index % 5, flag: index % 3 === 0 },
      embedding: unit(vector),
    }));
    assert.deepEqual(await storage.upsertDocuments(collection, documents), { inserted: 2000, updated: 0 });
    collection = await refreshed(collection);
  });
  after(async () => {
    await storage.close();
    rmSync(directory, { recursive: true, force: true });
  });

  test('exact search (2,000 random 64-d vectors) returns the brute-force top 10 in order, with their cosine similarity', async () => {
    assert.equal(collection.documentCount, 2000);
    for (const query of queries) {
      const expected = bruteForceTopK(vectors, query, 10).map((index) => `doc-${index}`);
      const matches = await search({ vector: unit(query) });
      assert.deepEqual(matches.map((match) => match.id), expected);
      const best = vectors[Number(expected[0]!.slice(4))]!;
      const cosine = best.reduce((sum, x, i) => sum + x * query[i]!, 0) / (Math.hypot(...best) * Math.hypot(...query));
      assert.ok(Math.abs(matches[0]!.similarity - cosine) < 1e-4, `${matches[0]!.similarity} vs ${cosine}`);
      assert.equal(matches[0]!.text, `text ${expected[0]!.slice(4)}`);
    }
  });

  test('quantised pre-selection with exact re-ranking: recall@10 far above chance at 20% candidates, exact when every document is a candidate', async () => {
    const recallWith = async (candidates: number) => {
      let total = 0;
      for (const query of queries) {
        const expected = bruteForceTopK(vectors, query, 10).map((index) => `doc-${index}`);
        const matches = await search({ vector: unit(query), exactSearchMaxDocuments: 0, candidates });
        assert.equal(matches.length, 10);
        assert.ok(matches.every((match, i) => i === 0 || match.similarity <= matches[i - 1]!.similarity), 'best first');
        total += recall(matches.map((match) => match.id), expected);
      }
      return total / queries.length;
    };
    // Random Gaussian vectors are the worst case for 1-bit codes (real embeddings cluster); chance would be 0.2.
    const sampled = await recallWith(400);
    assert.ok(sampled >= 0.8, `recall@10 with 400 candidates: ${sampled}`);
    assert.equal(await recallWith(2000), 1);
  });

  test('metadata filters: equality by JSON type, $in, several keys', async () => {
    const query = unit(queries[0]!);
    const even = await search({ vector: query, filter: { parity: 'even' } });
    assert.equal(even.length, 10);
    assert.ok(even.every((match) => match.metadata?.parity === 'even'));
    const evenIndices = vectors.flatMap((vector, index) => (index % 2 === 0 ? [index] : []));
    const expected = bruteForceTopK(evenIndices.map((index) => vectors[index]!), queries[0]!, 10).map((position) => `doc-${evenIndices[position]}`);
    assert.deepEqual(even.map((match) => match.id), expected);

    const buckets = await search({ vector: query, topK: 50, filter: { bucket: { $in: [1, 3] }, flag: true } });
    assert.equal(buckets.length, 50);
    assert.ok(buckets.every((match) => [1, 3].includes(match.metadata!.bucket as number) && match.metadata!.flag === true));
    assert.deepEqual(await search({ vector: query, filter: { bucket: '1' } }), [], 'the string "1" does not match the number 1');
    assert.deepEqual(await search({ vector: query, filter: { flag: 1 } }), [], 'the number 1 does not match true');
    assert.deepEqual(await search({ vector: query, filter: { bucket: { $in: [] } } }), []);
  });

  test('upsert replaces text, metadata and embedding of an existing id; the count only grows by new ids', async () => {
    const target = collectionOf('upsert', 64);
    await storage.createCollection(target);
    const [a, b] = randomVectors(2, 64, 99);
    assert.deepEqual(await storage.upsertDocuments(target, [{ id: 'x', text: 'first', embedding: unit(a!) }]), { inserted: 1, updated: 0 });
    assert.deepEqual(await storage.upsertDocuments(await refreshed(target), [
      { id: 'x', text: 'second', metadata: { v: 2 }, embedding: unit(b!) }, { id: 'y', text: 'other', embedding: unit(a!) },
    ]), { inserted: 1, updated: 1 });
    const current = await refreshed(target);
    assert.equal(current.documentCount, 2);
    const [best] = await search({ vector: unit(b!), topK: 1 }, current);
    assert.equal(best!.id, 'x');
    assert.equal(best!.text, 'second');
    assert.deepEqual(best!.metadata, { v: 2 });
    assert.ok(best!.similarity > 0.9999);
    const quantised = await search({ vector: unit(b!), topK: 1, exactSearchMaxDocuments: 0 }, current);
    assert.equal(quantised[0]!.id, 'x', 'the quantised index follows the replaced embedding too');
  });

  test('delete by ids and by filter; deleting a collection removes its documents and index', async () => {
    const target = collectionOf('deletions', 64);
    await storage.createCollection(target);
    const embeddings = randomVectors(6, 64, 5).map(unit);
    await storage.upsertDocuments(target, embeddings.map((embedding, index) => ({ id: `d${index}`, text: `t${index}`, metadata: { group: index < 3 ? 'a' : 'b' }, embedding })));
    assert.equal(await storage.deleteDocuments(await refreshed(target), { ids: ['d0', 'missing'] }), 1);
    assert.equal(await storage.deleteDocuments(await refreshed(target), { filter: { group: 'b' } }), 3);
    const current = await refreshed(target);
    assert.equal(current.documentCount, 2);
    assert.equal(await storage.getDocument(current, 'd0'), undefined);
    assert.equal((await storage.getDocument(current, 'd1'))?.text, 't1');
    const quantised = await search({ vector: embeddings[4]!, exactSearchMaxDocuments: 0 }, current);
    assert.deepEqual(quantised.map((match) => match.id).sort(), ['d1', 'd2']);
    await storage.deleteCollection(current.id);
    assert.equal(await storage.findCollection('owner-a', 'deletions'), undefined);
    assert.deepEqual(await search({ vector: embeddings[1]! }, current), []);
  });

  test('collections are per owner: same name for another owner is allowed, a duplicate is refused, lookups do not cross owners', async () => {
    assert.equal(await storage.createCollection(collectionOf('random', 64, 'owner-b')), true);
    assert.equal(await storage.createCollection(collectionOf('random', 64)), false);
    assert.equal(await storage.findCollection('owner-b', collection.id), undefined);
    assert.deepEqual((await storage.listCollections('owner-b')).map((found) => found.name), ['random']);
  });

  test('a size that is not a multiple of 8 has no bit index and is searched exactly', async () => {
    const target = collectionOf('odd-size', 5);
    await storage.createCollection(target);
    const embeddings = randomVectors(30, 5, 11);
    await storage.upsertDocuments(target, embeddings.map((embedding, index) => ({ id: `o${index}`, text: 'odd', embedding: unit(embedding) })));
    const matches = await search({ vector: unit(embeddings[3]!), topK: 3, exactSearchMaxDocuments: 0 }, await refreshed(target));
    assert.deepEqual(matches.map((match) => match.id), bruteForceTopK(embeddings, embeddings[3]!, 3).map((index) => `o${index}`));
  });
});
