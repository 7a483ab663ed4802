import type { VectorCollectionRecord, VectorDocument } from '../../gateway/index.js';

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A collection as the API shows it. */
export function collectionResponse(collection: VectorCollectionRecord) {
  return {
    id: collection.id,
    object: 'vector_store',
    name: collection.name,
    model: collection.model,
    dimensions: collection.dimensions,
    document_count: collection.documentCount,
    metadata: collection.metadata ?? null,
    created_at: unixSeconds(collection.createdAt),
  };
}

/** A stored document as the API shows it (never its embedding). */
export function documentResponse(document: VectorDocument, collectionId: string) {
  return {
    id: document.id,
    object: 'vector_store.document',
    vector_store_id: collectionId,
    text: document.text,
    metadata: document.metadata,
    created_at: unixSeconds(document.createdAt),
    updated_at: unixSeconds(document.updatedAt),
  };
}

/** OpenAI-style usage of the embedding calls a request made. */
export const usageResponse = (inputTokens: number | undefined) => ({ prompt_tokens: inputTokens ?? 0, total_tokens: inputTokens ?? 0 });
