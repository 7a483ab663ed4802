import type { FastifyReply, FastifyRequest } from 'fastify';
import { PermissionDeniedError } from '../../errors/index.js';
import { anonymousCaller, attemptsHeader, type AttemptRecord, type CallContext, type ClientLink } from '../../gateway/index.js';
import { routeOverride } from './route-override.js';

/**
 * Follows the client of one request: gone when the connection closes before the reply finished.
 * The AbortSignal is made only when something asks for it (the router follows `watch` instead).
 */
class ClientConnection implements ClientLink {
  gone = false;
  private controller: AbortController | undefined;
  private listeners: (() => void)[] | undefined;

  constructor(reply: FastifyReply) {
    reply.raw.once('close', () => {
      if (reply.raw.writableFinished) return;
      this.gone = true;
      this.controller?.abort();
      if (this.listeners) for (const listener of this.listeners.splice(0)) listener();
    });
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.gone) this.controller.abort();
    }
    return this.controller.signal;
  }

  watch(listener: () => void): () => void {
    (this.listeners ??= []).push(listener);
    return () => {
      const index = this.listeners!.indexOf(listener);
      if (index >= 0) this.listeners!.splice(index, 1);
    };
  }
}

/**
 * The gateway call context for an inbound request. Its signal fires when the client disconnects
 * before the reply has finished, which aborts the upstream call at once. Every try of the call is
 * reported in `x-qiao-attempts`; an admin may name the deployments in `x-qiao-route` (403 for others).
 */
export function callContext(request: FastifyRequest, reply: FastifyReply, endpoint: string): CallContext {
  const client = new ClientConnection(reply);
  const caller = request.caller ?? anonymousCaller;
  const context: CallContext = {
    requestId: request.id, endpoint, caller, client, body: request.body,
    requestHeaders: request.headers,
    setResponseHeader: (name, value) => {
      if (!reply.raw.headersSent) reply.raw.setHeader(name, value);
    },
    get abortSignal() {
      return client.signal;
    },
    onAttempts: (log: readonly AttemptRecord[]) => void reply.header('x-qiao-attempts', attemptsHeader(log)),
  };
  const override = request.headers['x-qiao-route'];
  if (override !== undefined) {
    if (!caller.isAdmin) throw new PermissionDeniedError('The x-qiao-route header chooses deployments per request and needs an admin key.', { param: 'x-qiao-route' });
    context.routeOverride = routeOverride(override);
  }
  return context;
}
