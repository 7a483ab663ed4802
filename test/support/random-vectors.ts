/** A seeded PRNG (mulberry32): the same seed gives the same sequence on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` vectors of `dimensions` normally distributed components (Box–Muller), not normalised. */
export function randomVectors(count: number, dimensions: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => Float32Array.from({ length: dimensions }, gaussian));
}

/** Indices of the `k` vectors most cosine-similar to `query`, best first, by computing every one. */
export function bruteForceTopK(vectors: Float32Array[], query: Float32Array, k: number): number[] {
  const best: { index: number; similarity: number }[] = [];
  let queryNorm = 0;
  for (const x of query) queryNorm += x * x;
  vectors.forEach((vector, index) => {
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < vector.length; i++) {
      dot += vector[i]! * query[i]!;
      norm += vector[i]! * vector[i]!;
    }
    const similarity = dot / Math.sqrt(norm * queryNorm);
    if (best.length < k || similarity > best[best.length - 1]!.similarity) {
      const position = best.findIndex((entry) => entry.similarity < similarity);
      best.splice(position === -1 ? best.length : position, 0, { index, similarity });
      if (best.length > k) best.pop();
    }
  });
  return best.map((entry) => entry.index);
}

/** Share of `expected` found in `actual` (recall@k). */
export function recall(actual: readonly unknown[], expected: readonly unknown[]): number {
  const found = new Set(actual);
  return expected.filter((item) => found.has(item)).length / expected.length;
}
