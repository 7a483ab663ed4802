import { Type } from '@sinclair/typebox';

const scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
const metadata = Type.Record(Type.String(), Type.Unknown(), { description: 'Any JSON object' });
const vector = Type.Array(Type.Number(), { minItems: 1, maxItems: 8192 });

/** Equality on metadata keys, or `{ "$in": [...] }` for one of several values. */
export const metadataFilter = Type.Record(Type.String({ minLength: 1 }), Type.Union([
  scalar, Type.Object({ $in: Type.Array(scalar, { maxItems: 1000 }) }, { additionalProperties: false }),
]), { description: 'Metadata equality per key; {"$in": [...]} for one of several values' });

export const idParams = Type.Object({ vector_store_id: Type.String({ minLength: 1 }) });
export const documentParams = Type.Object({ vector_store_id: Type.String({ minLength: 1 }), document_id: Type.String({ minLength: 1 }) });

export const createBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 256 }),
  model: Type.String({ minLength: 1, description: 'Embedding model: alias, provider/model or bare name' }),
  dimensions: Type.Optional(Type.Integer({ minimum: 1, maximum: 8192, description: 'Embedding size (sent to the model); default: the model\'s own, learnt with one call' })),
  metadata: Type.Optional(metadata),
}, { additionalProperties: false });

export const documentsBody = Type.Object({
  documents: Type.Array(Type.Object({
    id: Type.String({ minLength: 1, maxLength: 512 }),
    text: Type.String({ maxLength: 1_000_000 }),
    metadata: Type.Optional(metadata),
    embedding: Type.Optional(vector),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 10_000 }),
}, { additionalProperties: false });

export const deleteDocumentsBody = Type.Object({
  ids: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { maxItems: 10_000 })),
  filter: Type.Optional(metadataFilter),
}, { additionalProperties: false });

export const searchBody = Type.Object({
  query: Type.Optional(Type.String({ description: 'Text, embedded with the store\'s model' })),
  vector: Type.Optional(vector),
  top_k: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  filter: Type.Optional(metadataFilter),
}, { additionalProperties: false });
