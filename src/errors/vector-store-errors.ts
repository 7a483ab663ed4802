import { InvalidRequestError } from './client-errors.js';
import { GatewayError } from './gateway-error.js';

/** An embedding's length differs from its vector collection's dimensions. */
export class EmbeddingDimensionError extends InvalidRequestError {
  override readonly code = 'embedding_dimension_mismatch';
}

/** The caller already has a vector collection of that name. */
export class VectorStoreExistsError extends GatewayError {
  readonly code = 'vector_store_exists';
  readonly status = 409;
}

/** The vector store cannot run here (e.g. PostgreSQL without pgvector, or sqlite-vec failed to load). */
export class VectorStoreUnavailableError extends GatewayError {
  readonly code = 'vector_store_unavailable';
  readonly status = 503;
}
