import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { InvalidRequestError } from '../../errors/index.js';
import { anonymousCaller, type ThreadService } from '../../gateway/index.js';
import { toThreadMessageObject, toThreadObject } from './thread-objects.js';
import { toChatMessage } from './to-chat-request.js';

const threadParams = Type.Object({ thread_id: Type.String({ minLength: 1, maxLength: 200 }) });
const createBody = Type.Object({
  metadata: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 512 }), { maxProperties: 16 })),
  messages: Type.Optional(Type.Array(Type.Object({ role: Type.String() }, { additionalProperties: true }), { maxItems: 1000 })),
}, { additionalProperties: false });
const listQuery = Type.Object({
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: 'Threads per page, 1 to 100 (default 20).' })),
  after: Type.Optional(Type.String({ minLength: 1, description: 'A thread id from the previous page: the threads after it.' })),
}, { additionalProperties: false });
const messagesQuery = Type.Object({
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: 'Messages per page, 1 to 1000 (default 100).' })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  after: Type.Optional(Type.String({ pattern: '^msg_[0-9]+$', description: 'A message id from the previous page: the messages after it in this order.' })),
}, { additionalProperties: false });

type ThreadRequest = FastifyRequest<{ Params: Static<typeof threadParams> }>;
const ownerOf = (request: FastifyRequest) => (request.caller ?? anonymousCaller).ownerId;

/** A `limit` query parameter (query strings are not coerced): `fallback` when absent, 400 outside 1…`max`. */
function limitOf(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const limit = Number(value);
  if (limit < 1 || limit > max) throw new InvalidRequestError(`Invalid limit: expected 1 to ${max}, got ${value}.`, { param: 'limit' });
  return limit;
}

/** A page in OpenAI's list shape. */
function page<T extends { id: unknown }>(data: T[], limit: number) {
  const shown = data.slice(0, limit);
  return { object: 'list', data: shown, first_id: shown[0]?.id ?? null, last_id: shown.at(-1)?.id ?? null, has_more: data.length > limit };
}

/** `/v1/threads`: create, list, read and delete the caller's threads, and read their messages (docs/threads.md). */
export async function threadRoutes(app: FastifyInstance, deps: { threads: ThreadService }): Promise<void> {
  const { threads } = deps;
  const tags = ['Threads'];

  app.post('/threads', {
    schema: { body: createBody, summary: 'Create a thread', tags },
    // No body at all is an empty thread, as in OpenAI's API.
    preValidation: async (request) => { request.body ??= {}; },
  },
    async (request: FastifyRequest<{ Body: Static<typeof createBody> }>) => {
      const messages = request.body.messages?.map((message, index) => toChatMessage(message, `messages[${index}]`));
      const thread = await threads.create(ownerOf(request), { ...(request.body.metadata && { metadata: request.body.metadata }), ...(messages && { messages }) });
      return toThreadObject(thread);
    });

  app.get('/threads', { schema: { querystring: listQuery, summary: 'List your threads, newest first', tags } },
    async (request: FastifyRequest<{ Querystring: Static<typeof listQuery> }>) => {
      const limit = limitOf(request.query.limit, 20, 100);
      const found = await threads.list(ownerOf(request), { limit: limit + 1, ...(request.query.after && { before: request.query.after }) });
      return page(found.map(toThreadObject) as { id: string }[], limit);
    });

  app.get('/threads/:thread_id', { schema: { params: threadParams, summary: 'Read a thread', tags } },
    async (request: ThreadRequest) => toThreadObject(await threads.get(ownerOf(request), request.params.thread_id)));

  app.delete('/threads/:thread_id', { schema: { params: threadParams, summary: 'Delete a thread and its messages', tags } },
    async (request: ThreadRequest) => {
      await threads.delete(ownerOf(request), request.params.thread_id);
      return { id: request.params.thread_id, object: 'thread.deleted', deleted: true };
    });

  app.get('/threads/:thread_id/messages', { schema: { params: threadParams, querystring: messagesQuery, summary: 'List the messages of a thread', tags } },
    async (request: FastifyRequest<{ Params: Static<typeof threadParams>; Querystring: Static<typeof messagesQuery> }>) => {
      const { order = 'asc', after } = request.query;
      const limit = limitOf(request.query.limit, 100, 1000);
      const cursor = after === undefined ? undefined : Number(after.slice(4));
      if (cursor !== undefined && !Number.isSafeInteger(cursor)) throw new InvalidRequestError('Invalid after: expected a message id such as msg_12.', { param: 'after' });
      const query = { limit: limit + 1, order, ...(cursor !== undefined && (order === 'asc' ? { afterSeq: cursor } : { beforeSeq: cursor })) };
      const { thread, messages } = await threads.messages(ownerOf(request), request.params.thread_id, query);
      return page(messages.map((record) => toThreadMessageObject(thread.threadId, record)) as { id: string }[], limit);
    });
}
