import type { Warning } from './warning.js';

/** A request to embed one or more inputs. */
export interface EmbeddingRequest {
  /** Texts to embed (token-id arrays are passed as providerOptions by dialects that accept them). */
  input: string[];
  /** Requested output dimensions, when the model supports shortening. */
  dimensions?: number;
  /** End-user identifier. */
  user?: string;
  /** Fields without a typed slot, passed to the provider unchanged. */
  providerOptions?: Record<string, unknown>;
}

/** Embeddings in input order. */
export interface EmbeddingResult {
  /** One vector per input, same order. */
  embeddings: number[][];
  /** Tokens consumed, when known. */
  inputTokens?: number;
  /** What the provider could not honour. */
  warnings: Warning[];
}
