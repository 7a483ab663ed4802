export type {
  MetadataFilter, MetadataScalar, VectorCollectionRecord, VectorDocument, VectorDocumentInput, VectorMatch, VectorQuery, VectorStorage,
} from './vector-storage.js';
export { SqliteVectorStorage, openSqliteVectorStorage, newCollectionId } from './sqlite-vector-storage.js';
