import { EmbeddingDimensionError, InvalidRequestError, NotFoundError, VectorStoreExistsError, VectorStoreUnavailableError } from '../../errors/index.js';
import {
  newCollectionId, type MetadataFilter, type VectorCollectionRecord, type VectorDocument, type VectorMatch, type VectorStorage,
} from '../../storage/vector/index.js';
import type { CallContext } from '../chat-service.js';
import type { Embedder } from './embedder.js';
import { unitVector } from './vector-math.js';

/** Tuning of the vector store (config `vectorStore`). */
export interface VectorStoreSettings {
  /** Texts per embedding call. */
  embeddingBatchSize: number;
  /** Up to this many documents a search scans exactly; beyond it, quantised pre-selection and exact re-ranking. */
  exactSearchMaxDocuments: number;
  /** Candidates kept for re-ranking: `topK × candidateMultiplier`, at least `minCandidates`. */
  candidateMultiplier: number;
  minCandidates: number;
}

export const defaultVectorStoreSettings: VectorStoreSettings = {
  embeddingBatchSize: 64, exactSearchMaxDocuments: 10_000, candidateMultiplier: 20, minCandidates: 200,
};

/** A document to add: its embedding is computed from `text` unless given. */
export interface DocumentInput {
  id: string;
  text: string;
  metadata?: Record<string, unknown>;
  embedding?: number[];
}

/** A search: exactly one of `query` (text, embedded with the collection's model) or `vector`. */
export interface SearchInput {
  query?: string;
  vector?: number[];
  topK: number;
  filter?: MetadataFilter;
}

/** How the store is reached: opened on first use, or unavailable with the reason. */
export type VectorStorageSource = { open: () => Promise<VectorStorage> } | { unavailable: string };

/**
 * Named vector collections owned by the caller (`caller.ownerId`; another owner's collection is a 404),
 * with embeddings computed in batches through the embedder (on the server: ChatService, i.e. any
 * embedding model Qiao serves).
 */
export class VectorStoreService {
  private storage: Promise<VectorStorage> | undefined;

  constructor(private readonly source: VectorStorageSource, private readonly embedder: Embedder,
    private readonly settings: VectorStoreSettings = defaultVectorStoreSettings) {}

  /** Creates a collection; without `dimensions`, one embedding call learns the model's size. */
  async createCollection(input: { name: string; model: string; dimensions?: number; metadata?: Record<string, unknown> }, context: CallContext): Promise<VectorCollectionRecord> {
    if (input.name.startsWith('vs_')) throw new InvalidRequestError('name may not start with "vs_" (reserved for ids).', { param: 'name' });
    const storage = await this.open();
    const ownerId = context.caller.ownerId;
    if (await storage.findCollection(ownerId, input.name)) throw new VectorStoreExistsError(`A vector store named "${input.name}" already exists.`, { param: 'name' });
    const dimensions = input.dimensions ?? (await this.embedder({ model: input.model, input: [input.name] }, context)).embeddings[0]?.length;
    if (!dimensions) throw new InvalidRequestError(`Model "${input.model}" returned no embedding.`, { param: 'model' });
    const collection: VectorCollectionRecord = {
      id: newCollectionId(), ownerId, name: input.name, model: input.model, dimensions, requestDimensions: input.dimensions !== undefined,
      ...(input.metadata && { metadata: input.metadata }), documentCount: 0, createdAt: new Date(),
    };
    if (!await storage.createCollection(collection)) throw new VectorStoreExistsError(`A vector store named "${input.name}" already exists.`, { param: 'name' });
    return collection;
  }

  /** The caller's collections. */
  async listCollections(context: CallContext): Promise<VectorCollectionRecord[]> {
    return (await this.open()).listCollections(context.caller.ownerId);
  }

  /** One of the caller's collections by id or name; 404 otherwise. */
  async getCollection(idOrName: string, context: CallContext): Promise<VectorCollectionRecord> {
    const collection = await (await this.open()).findCollection(context.caller.ownerId, idOrName);
    if (!collection) throw new NotFoundError(`No vector store "${idOrName}".`, { param: 'vector_store_id' });
    return collection;
  }

  async deleteCollection(idOrName: string, context: CallContext): Promise<VectorCollectionRecord> {
    const collection = await this.getCollection(idOrName, context);
    await (await this.open()).deleteCollection(collection.id);
    return collection;
  }

  /** Adds documents, replacing those whose id exists; embeddings computed in batches. */
  async upsertDocuments(idOrName: string, documents: DocumentInput[], context: CallContext) {
    const collection = await this.getCollection(idOrName, context);
    const embeddings = await this.embeddingsOf(collection, documents, context);
    const stored = documents.map((document, index) => ({
      id: document.id, text: document.text, ...(document.metadata && { metadata: document.metadata }), embedding: embeddings.vectors[index]!,
    }));
    const counts = await (await this.open()).upsertDocuments(collection, stored);
    return { ...counts, inputTokens: embeddings.inputTokens };
  }

  /** Deletes by ids and/or metadata filter; returns how many were removed. */
  async deleteDocuments(idOrName: string, selection: { ids?: string[]; filter?: MetadataFilter }, context: CallContext): Promise<number> {
    if (!selection.ids?.length && !selection.filter) throw new InvalidRequestError('Send ids or filter (or both) to say which documents to delete.', { param: 'ids' });
    if (selection.filter && Object.keys(selection.filter).length === 0) throw new InvalidRequestError('filter is empty; it would match every document.', { param: 'filter' });
    checkFilterKeys(selection.filter);
    const collection = await this.getCollection(idOrName, context);
    return (await this.open()).deleteDocuments(collection, selection);
  }

  async getDocument(idOrName: string, documentId: string, context: CallContext): Promise<VectorDocument> {
    const collection = await this.getCollection(idOrName, context);
    const document = await (await this.open()).getDocument(collection, documentId);
    if (!document) throw new NotFoundError(`No document "${documentId}" in vector store "${idOrName}".`, { param: 'document_id' });
    return document;
  }

  /** The `topK` documents most similar to the query text or vector, best first. */
  async search(idOrName: string, input: SearchInput, context: CallContext): Promise<{ matches: VectorMatch[]; collection: VectorCollectionRecord; inputTokens?: number }> {
    if ((input.query === undefined) === (input.vector === undefined)) throw new InvalidRequestError('Send exactly one of query (text) or vector.', { param: 'query' });
    if (input.query !== undefined && input.query.trim() === '') throw new InvalidRequestError('query is empty.', { param: 'query' });
    checkFilterKeys(input.filter);
    const collection = await this.getCollection(idOrName, context);
    let vector: Float32Array;
    let inputTokens: number | undefined;
    if (input.vector) {
      vector = checkedVector(input.vector, collection, 'vector', 'The query vector');
    } else {
      const result = await this.embedder({ model: collection.model, input: [input.query!], ...dimensionsOf(collection) }, context);
      inputTokens = result.inputTokens;
      vector = checkedVector(result.embeddings[0] ?? [], collection, 'query', `The embedding model "${collection.model}" returned a vector that`);
    }
    const candidates = Math.max(input.topK * this.settings.candidateMultiplier, this.settings.minCandidates);
    const matches = await (await this.open()).search(collection, {
      vector, topK: input.topK, ...(input.filter && { filter: input.filter }), exactSearchMaxDocuments: this.settings.exactSearchMaxDocuments, candidates,
    });
    return { matches, collection, ...(inputTokens !== undefined && { inputTokens }) };
  }

  async close(): Promise<void> {
    const storage = this.storage;
    this.storage = undefined;
    if (storage) await (await storage.catch(() => undefined))?.close();
  }

  private open(): Promise<VectorStorage> {
    if ('unavailable' in this.source) return Promise.reject(new VectorStoreUnavailableError(this.source.unavailable));
    const { open } = this.source;
    this.storage ??= open().catch((error: unknown) => {
      this.storage = undefined;
      throw new VectorStoreUnavailableError(`The vector store could not be opened: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    return this.storage;
  }

  private async embeddingsOf(collection: VectorCollectionRecord, documents: DocumentInput[], context: CallContext) {
    const vectors: Float32Array[] = new Array(documents.length);
    const pending: number[] = [];
    documents.forEach((document, index) => {
      if (document.embedding) vectors[index] = checkedVector(document.embedding, collection, `documents[${index}].embedding`, `documents[${index}].embedding`);
      else if (document.text.trim() === '') throw new InvalidRequestError(`documents[${index}].text is empty and no embedding was given.`, { param: `documents[${index}].text` });
      else pending.push(index);
    });
    let inputTokens: number | undefined;
    for (let start = 0; start < pending.length; start += this.settings.embeddingBatchSize) {
      const batch = pending.slice(start, start + this.settings.embeddingBatchSize);
      const result = await this.embedder({ model: collection.model, input: batch.map((index) => documents[index]!.text), ...dimensionsOf(collection) }, context);
      if (result.embeddings.length !== batch.length) throw new InvalidRequestError(`Model "${collection.model}" returned ${result.embeddings.length} embeddings for ${batch.length} texts.`, { param: 'documents' });
      if (result.inputTokens !== undefined) inputTokens = (inputTokens ?? 0) + result.inputTokens;
      batch.forEach((documentIndex, position) => {
        vectors[documentIndex] = checkedVector(result.embeddings[position]!, collection, `documents[${documentIndex}].text`, `The embedding model "${collection.model}" returned a vector that`);
      });
    }
    return { vectors, inputTokens };
  }
}

const dimensionsOf = (collection: VectorCollectionRecord) => (collection.requestDimensions ? { dimensions: collection.dimensions } : {});

/** The vector at unit length; a size other than the collection's is a 400 naming both sizes. */
function checkedVector(values: number[], collection: VectorCollectionRecord, param: string, subject: string): Float32Array {
  if (values.length !== collection.dimensions) {
    throw new EmbeddingDimensionError(`${subject} has ${values.length} dimensions, but vector store "${collection.name}" has ${collection.dimensions}.`, { param });
  }
  return unitVector(values, param);
}

function checkFilterKeys(filter: MetadataFilter | undefined): void {
  for (const key of Object.keys(filter ?? {})) {
    if (key === '' || key.includes('"') || key.includes('\\')) throw new InvalidRequestError(`filter key ${JSON.stringify(key)} must be non-empty, without quotes or backslashes.`, { param: 'filter' });
  }
}
