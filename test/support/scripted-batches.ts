import type { StreamPart } from '../../src/spec/index.js';

/**
 * Batches of parts from a list, read in order (an Error in the list rejects that read), noting how
 * many reads were made and whether the reader closed them early with `return`.
 */
export function scriptedBatches(list: (readonly StreamPart[] | Error)[]) {
  const seen = { closed: false, read: 0 };
  const iterator: AsyncIterableIterator<readonly StreamPart[]> = {
    async next() {
      const batch = list[seen.read++];
      if (batch instanceof Error) throw batch;
      return batch ? { done: false, value: batch } : { done: true, value: undefined };
    },
    async return() {
      seen.closed = true;
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return { iterator, seen };
}
