export type * from './chat.js';
export type * from './embedding.js';
export type * from './model.js';
export type * from './stream.js';
export type * from './usage.js';
export type * from './warning.js';
export type * from './workflow.js';
export { batchedStream, batchesOf, type BatchedStream, type PartBatches } from './part-batches.js';
