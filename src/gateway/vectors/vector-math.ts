import { InvalidRequestError } from '../../errors/index.js';

/** The vector scaled to length 1 (what the store keeps); a zero or non-finite vector is a 400 naming `param`. */
export function unitVector(values: ArrayLike<number>, param: string): Float32Array {
  const vector = Float32Array.from(values);
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  if (!Number.isFinite(norm)) throw new InvalidRequestError(`${param} contains a value that is not a finite number.`, { param });
  if (norm === 0) throw new InvalidRequestError(`${param} has length zero; cosine similarity needs a non-zero vector.`, { param });
  for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
}

/** Cosine similarity of two vectors of equal length (0 when either is all zeros). */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`cosine similarity of vectors of different lengths (${a.length} and ${b.length})`);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    normA += a[i]! * a[i]!;
    normB += b[i]! * b[i]!;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
