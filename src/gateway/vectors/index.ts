export {
  VectorStoreService, defaultVectorStoreSettings, type VectorStoreSettings, type DocumentInput, type SearchInput, type VectorStorageSource,
} from './vector-store-service.js';
export { chatServiceEmbedder, type Embedder, type EmbeddingCall } from './embedder.js';
export { cosineSimilarity, unitVector } from './vector-math.js';
export type { MetadataFilter, VectorCollectionRecord, VectorDocument, VectorMatch } from '../../storage/vector/index.js';
