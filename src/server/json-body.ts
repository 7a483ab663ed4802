import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../errors/index.js';

/** Deepest nesting of objects and arrays a request body may have; real requests (tool schemas included) stay far below. */
export const maxJsonDepth = 128;

/** Occurrences of `character`, counted up to just past `max` (native indexOf, so cheap when there are few). */
function countUpTo(text: string, character: string, max: number): number {
  let count = 0;
  for (let at = text.indexOf(character); at >= 0 && count <= max; at = text.indexOf(character, at + 1)) count++;
  return count;
}

/** Whether JSON text nests objects/arrays deeper than `limit` (strings skipped); no parsing. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  // Most bodies have fewer brackets than the limit: then they cannot nest deeper, and the scan is skipped.
  if (text.length <= limit || countUpTo(text, '{', limit) + countUpTo(text, '[', limit) <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) { // [ {
      if (++depth > limit) return true;
    } else if (code === 0x5d || code === 0x7d) { // ] }
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
