import type { FastifyReply, FastifyRequest } from 'fastify';
import { anonymousCaller, type CallContext } from '../../gateway/index.js';

/**
 * The gateway call context for an inbound request. Its signal fires when the client disconnects
 * before the reply has finished, which aborts the upstream call at once.
 */
export function callContext(request: FastifyRequest, reply: FastifyReply, endpoint: string): CallContext {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return {
    requestId: request.id, endpoint, abortSignal: controller.signal, caller: request.caller ?? anonymousCaller, body: request.body,
    requestHeaders: request.headers,
    setResponseHeader: (name, value) => {
      if (!reply.raw.headersSent) reply.raw.setHeader(name, value);
    },
  };
}
