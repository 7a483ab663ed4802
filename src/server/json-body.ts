import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../errors/index.js';

/** Deepest nesting of objects and arrays a request body may have; real requests (tool schemas included) stay far below. */
export const maxJsonDepth = 128;

const quote = 0x22;
const backslash = 0x5c;
const openers = new Set([0x5b, 0x7b]);
const closers = new Set([0x5d, 0x7d]);

/** Whether JSON text nests objects/arrays deeper than `limit` (strings skipped); one pass, no parsing. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === backslash) i++;
      else if (code === quote) inString = false;
    } else if (code === quote) {
      inString = true;
    } else if (openers.has(code)) {
      if (++depth > limit) return true;
    } else if (closers.has(code)) {
      depth--;
    }
  }
  return false;
}

/**
 * Fastify's JSON parser behind a nesting limit: JSON.parse accepts any depth, but JSON.stringify,
 * structuredClone and every recursive walk overflow the stack a few thousand levels down — a 500
 * wherever the body is serialised again (upstream calls, the cache key).
 */
export function jsonBodyParser(app: FastifyInstance) {
  const parse = app.getDefaultJsonParser('error', 'error');
  return (request: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void): void => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (nestsDeeperThan(text, maxJsonDepth)) {
      done(new InvalidRequestError(`Request body nests objects and arrays more than ${maxJsonDepth} levels deep.`));
      return;
    }
    parse(request, text, done);
  };
}
