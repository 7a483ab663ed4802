import type { Caller } from '../../gateway/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling; set by each dialect's key check before the handler runs. */
    caller: Caller | undefined;
  }
}
