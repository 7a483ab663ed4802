/**
 * VectorStore (seed 002, "向量存储"): documents embedded through an EmbeddingAdapter, kept in an
 * sqlite-vec file, searched by cosine similarity. Offline on the mock embedding model; use e.g.
 * { provider: 'ollama', modelName: 'bge-m3' } for real embeddings. Run: npx tsx examples/vector-store.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddingAdapter, ModelConfig, VectorStore } from 'qiao';

const directory = mkdtempSync(join(tmpdir(), 'qiao-vectors-example-'));
const embeddingAdapter = new EmbeddingAdapter(new ModelConfig({ provider: 'mock', modelName: 'mock-embed' }));
const vectorStore = new VectorStore(embeddingAdapter, join(directory, 'vectors.db'));
try {
  await vectorStore.addDocuments([
    { id: 'doc1', text: 'artificial intelligence is a branch of computer science', metadata: { source: 'wiki' } },
    { id: 'doc2', text: 'machine learning is a core technique of artificial intelligence', metadata: { source: 'book' } },
    { id: 'doc3', text: 'deep learning is a machine learning method based on neural networks', metadata: { source: 'paper' } },
  ]);

  const results = await vectorStore.search('what is machine learning', { topK: 2 });
  for (const result of results) {
    console.log(`id: ${result.id}`);
    console.log(`text: ${result.text}`);
    console.log(`similarity: ${result.similarity.toFixed(4)}`);
    console.log(`metadata: ${JSON.stringify(result.metadata)}`);
    console.log('---');
  }
  const fromPapers = await vectorStore.search('what is machine learning', { topK: 5, filter: { source: 'paper' } });
  console.log(`filtered to source=paper: ${fromPapers.map((result) => result.id).join(', ')}`);
  console.log(`documents stored: ${await vectorStore.count()}`);
} finally {
  await vectorStore.close();
  rmSync(directory, { recursive: true, force: true });
}
