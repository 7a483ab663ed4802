import { VectorStoreService, defaultVectorStoreSettings, type Embedder, type MetadataFilter, type VectorMatch, type VectorStoreSettings } from '../gateway/index.js';
import { openSqliteVectorStorage } from '../storage/index.js';
import type { EmbeddingAdapter } from './adapters.js';
import { libraryContext } from './library-services.js';

/** A document for `addDocuments`: `embedding` is computed from `text` unless given. */
export interface VectorStoreDocument {
  id: string;
  text: string;
  metadata?: Record<string, unknown>;
  embedding?: number[];
}

/** Options of the library's VectorStore. */
export interface VectorStoreOptions extends Partial<VectorStoreSettings> {
  /** Collection inside the file (default `default`); one file can hold several. */
  collection?: string;
}

/**
 * The seed's `VectorStore(embedding_adapter, "data/vectors.db")`: the server's vector store (same
 * service, same sqlite-vec file format) with embeddings from an EmbeddingAdapter. The collection is
 * created on first use with the adapter's model; its size is learnt from the model.
 */
export class VectorStore {
  private readonly service: VectorStoreService;
  private readonly collection: string;
  private ready: Promise<void> | undefined;

  constructor(private readonly embeddingAdapter: EmbeddingAdapter, readonly path: string, options: VectorStoreOptions = {}) {
    const { collection = 'default', ...settings } = options;
    this.collection = collection;
    const embedder: Embedder = async (call) => ({ embeddings: await embeddingAdapter.embedBatch(call.input) });
    this.service = new VectorStoreService({ open: () => openSqliteVectorStorage(path) }, embedder, { ...defaultVectorStoreSettings, ...settings });
  }

  /** Adds documents, replacing those whose id is already stored. */
  async addDocuments(documents: VectorStoreDocument[]): Promise<{ inserted: number; updated: number }> {
    await this.prepare();
    const { inserted, updated } = await this.service.upsertDocuments(this.collection, documents, libraryContext('library:vector-store'));
    return { inserted, updated };
  }

  /** The `topK` (default 5) documents most similar to `query`, best first, optionally filtered by metadata. */
  async search(query: string, options: { topK?: number; filter?: MetadataFilter } = {}): Promise<VectorMatch[]> {
    await this.prepare();
    const { matches } = await this.service.search(this.collection, { query, topK: options.topK ?? 5, ...(options.filter && { filter: options.filter }) }, libraryContext('library:vector-store'));
    return matches;
  }

  /** Removes documents by id; returns how many were stored. */
  async delete(ids: string[]): Promise<number> {
    await this.prepare();
    return this.service.deleteDocuments(this.collection, { ids }, libraryContext('library:vector-store'));
  }

  /** Documents stored. */
  async count(): Promise<number> {
    await this.prepare();
    return (await this.service.getCollection(this.collection, libraryContext('library:vector-store'))).documentCount;
  }

  /** Closes the file. */
  async close(): Promise<void> {
    await this.service.close();
  }

  private prepare(): Promise<void> {
    this.ready ??= this.createIfMissing().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  private async createIfMissing(): Promise<void> {
    const context = libraryContext('library:vector-store');
    const model = this.embeddingAdapter.model;
    const existing = (await this.service.listCollections(context)).find((collection) => collection.name === this.collection);
    if (!existing) {
      await this.service.createCollection({ name: this.collection, model }, context);
    } else if (existing.model !== model) {
      throw new Error(`${this.path}: collection "${this.collection}" holds embeddings of ${existing.model}; this EmbeddingAdapter uses ${model}.`);
    }
  }
}
