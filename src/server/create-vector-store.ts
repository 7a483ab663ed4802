import type { QiaoConfig } from '../config/index.js';
import { VectorStoreService, chatServiceEmbedder, type ChatService, type VectorStorageSource } from '../gateway/index.js';
import { openSqliteVectorStorage } from '../storage/index.js';

/** Why the vector store is off, or undefined when it can run. */
function unavailableReason(config: QiaoConfig): string | undefined {
  if (!config.vectorStore.enabled) return 'The vector store is disabled on this gateway (vectorStore.enabled: false).';
  if (config.storage.databaseUrl && !config.vectorStore.pathConfigured) {
    return 'The vector store has no PostgreSQL backend (pgvector is not supported yet). With DATABASE_URL set, set vectorStore.path '
      + '(QIAO_VECTOR_STORE_PATH) to keep vectors in an embedded sqlite-vec file on each instance.';
  }
  return undefined;
}

/** The vector store of the gateway: an sqlite-vec file opened on first use, embeddings through the ChatService. */
export function createVectorStoreService(config: QiaoConfig, chat: ChatService): VectorStoreService {
  const reason = unavailableReason(config);
  const source: VectorStorageSource = reason ? { unavailable: reason } : { open: () => openSqliteVectorStorage(config.vectorStore.path) };
  return new VectorStoreService(source, chatServiceEmbedder(chat), config.vectorStore);
}
