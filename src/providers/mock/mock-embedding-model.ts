import { createHash } from 'node:crypto';
import { InvalidRequestError } from '../../errors/index.js';
import type { CallOptions, EmbeddingModel, EmbeddingRequest, EmbeddingResult } from '../../spec/index.js';
import { wordPieces } from './mock-text.js';

/** Default dimensions of mock embeddings. */
export const mockEmbeddingDimensions = 256;
/** The most dimensions the mock gives (real models stop at a few thousand); more is a 400, not a 2^31-slot allocation. */
export const mockMaxDimensions = 8192;

/**
 * Deterministic bag-of-words embeddings: each word adds a hashed unit vector, then the sum is
 * normalised — texts sharing words come out similar, so similarity search behaves plausibly offline.
 */
export class MockEmbeddingModel implements EmbeddingModel {
  constructor(readonly modelId: string, readonly provider: string) {}

  async embed(request: EmbeddingRequest, _options: CallOptions): Promise<EmbeddingResult> {
    const dimensions = request.dimensions ?? mockEmbeddingDimensions;
    if (dimensions > mockMaxDimensions) {
      throw new InvalidRequestError(`dimensions must be at most ${mockMaxDimensions} for ${this.modelId}.`, { param: 'dimensions' });
    }
    const embeddings = request.input.map((text) => embedText(text, dimensions));
    const inputTokens = request.input.reduce((total, text) => total + wordPieces(text).length, 0);
    return { embeddings, inputTokens, warnings: [] };
  }
}

function embedText(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of wordPieces(text.toLowerCase())) {
    const digest = createHash('sha256').update(word.trim()).digest();
    for (let i = 0; i < 8; i++) {
      const slot = digest.readUInt16LE(i * 2) % dimensions;
      vector[slot]! += digest[16 + i]! & 1 ? 1 : -1;
    }
  }
  const norm = Math.sqrt(vector.reduce((total, value) => total + value * value, 0)) || 1;
  return vector.map((value) => value / norm);
}
