import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { ApiKeyGuard, VectorStoreService } from '../../gateway/index.js';
import { toOpenAIError } from '../openai/openai-error.js';
import { callContext } from '../shared/call-context.js';
import { installDialect } from '../shared/install-dialect.js';
import { collectionResponse, documentResponse, usageResponse } from './vector-store-responses.js';
import { createBody, deleteDocumentsBody, documentParams, documentsBody, idParams, searchBody } from './vector-store-schemas.js';

/** What the vector store API needs from the gateway. */
export interface VectorStoreDependencies {
  vectors: VectorStoreService;
  guard: ApiKeyGuard;
}

type WithId<B = unknown> = FastifyRequest<{ Params: Static<typeof idParams>; Body: B }>;
const tags = ['Vector stores'];

/**
 * `/v1/vector_stores`: Qiao's own vector store API (collections of texts with embeddings from any model
 * Qiao serves), in OpenAI's error shape. Not OpenAI's file-based vector stores; see docs/vector-store.md.
 */
export async function vectorStoreRoutes(app: FastifyInstance, deps: VectorStoreDependencies): Promise<void> {
  installDialect(app, deps.guard, toOpenAIError);
  const { vectors } = deps;
  const context = (request: FastifyRequest, reply: Parameters<typeof callContext>[1], endpoint: string) => callContext(request, reply, `/v1/vector_stores${endpoint}`);

  app.post('/', { schema: { body: createBody, summary: 'Create a vector store', tags } },
    async (request: FastifyRequest<{ Body: Static<typeof createBody> }>, reply) => {
      const collection = await vectors.createCollection(request.body, context(request, reply, ''));
      return reply.status(201).send(collectionResponse(collection));
    });

  app.get('/', { schema: { summary: 'List your vector stores', tags } }, async (request, reply) => ({
    object: 'list', data: (await vectors.listCollections(context(request, reply, ''))).map(collectionResponse),
  }));

  app.get('/:vector_store_id', { schema: { params: idParams, summary: 'Get a vector store', tags } }, async (request: WithId, reply) =>
    collectionResponse(await vectors.getCollection(request.params.vector_store_id, context(request, reply, '/{id}'))));

  app.delete('/:vector_store_id', { schema: { params: idParams, summary: 'Delete a vector store and its documents', tags } }, async (request: WithId, reply) => {
    const collection = await vectors.deleteCollection(request.params.vector_store_id, context(request, reply, '/{id}'));
    return { id: collection.id, object: 'vector_store.deleted', deleted: true };
  });

  app.post('/:vector_store_id/documents', {
    schema: { params: idParams, body: documentsBody, summary: 'Add or replace documents (upsert by id)', tags },
  }, async (request: WithId<Static<typeof documentsBody>>, reply) => {
    const result = await vectors.upsertDocuments(request.params.vector_store_id, request.body.documents, context(request, reply, '/{id}/documents'));
    return { object: 'vector_store.documents.upserted', inserted: result.inserted, updated: result.updated, usage: usageResponse(result.inputTokens) };
  });

  app.post('/:vector_store_id/documents/delete', {
    schema: { params: idParams, body: deleteDocumentsBody, summary: 'Delete documents by ids and/or metadata filter', tags },
  }, async (request: WithId<Static<typeof deleteDocumentsBody>>, reply) => {
    const deleted = await vectors.deleteDocuments(request.params.vector_store_id, request.body, context(request, reply, '/{id}/documents/delete'));
    return { object: 'vector_store.documents.deleted', deleted };
  });

  app.get('/:vector_store_id/documents/:document_id', { schema: { params: documentParams, summary: 'Get a document', tags } },
    async (request: FastifyRequest<{ Params: Static<typeof documentParams> }>, reply) => {
      const { vector_store_id: id, document_id: documentId } = request.params;
      const collection = await vectors.getCollection(id, context(request, reply, '/{id}/documents/{document_id}'));
      return documentResponse(await vectors.getDocument(collection.id, documentId, context(request, reply, '/{id}/documents/{document_id}')), collection.id);
    });

  app.delete('/:vector_store_id/documents/:document_id', { schema: { params: documentParams, summary: 'Delete a document', tags } },
    async (request: FastifyRequest<{ Params: Static<typeof documentParams> }>, reply) => {
      const { vector_store_id: id, document_id: documentId } = request.params;
      const callerContext = context(request, reply, '/{id}/documents/{document_id}');
      await vectors.getDocument(id, documentId, callerContext);
      await vectors.deleteDocuments(id, { ids: [documentId] }, callerContext);
      return { id: documentId, object: 'vector_store.document.deleted', deleted: true };
    });

  app.post('/:vector_store_id/search', {
    schema: { params: idParams, body: searchBody, summary: 'Search by text or vector (cosine), with a metadata filter', tags },
  }, async (request: WithId<Static<typeof searchBody>>, reply) => {
    const { query, vector, top_k: topK = 10, filter } = request.body;
    const result = await vectors.search(request.params.vector_store_id, {
      topK, ...(query !== undefined && { query }), ...(vector !== undefined && { vector }), ...(filter !== undefined && { filter }),
    }, context(request, reply, '/{id}/search'));
    return {
      object: 'list',
      vector_store_id: result.collection.id,
      model: result.collection.model,
      data: result.matches.map((match) => ({ id: match.id, text: match.text, similarity: match.similarity, metadata: match.metadata })),
      usage: usageResponse(result.inputTokens),
    };
  });
}
