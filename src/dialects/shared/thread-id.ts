import type { IncomingHttpHeaders } from 'node:http';
import { InvalidRequestError } from '../../errors/index.js';

/** The header that names a thread on APIs whose body has no field for it (e.g. Anthropic's). */
export const threadHeader = 'x-qiao-thread-id';

/**
 * The thread a chat request names: a `thread_id` body field (seed 004 sends integers such as 3,
 * which name the same thread as "3") or the `x-qiao-thread-id` header; undefined when neither.
 */
export function threadIdOf(bodyValue: string | number | undefined, headers: IncomingHttpHeaders): string | undefined {
  const fromBody = bodyValue === undefined ? undefined : String(bodyValue);
  const header = headers[threadHeader];
  if (header === undefined) return fromBody;
  if (typeof header !== 'string' || header.length === 0 || header.length > 200) {
    throw new InvalidRequestError(`Invalid ${threadHeader} header: send one thread id of 1 to 200 characters.`, { param: threadHeader });
  }
  if (fromBody !== undefined && fromBody !== header) {
    throw new InvalidRequestError(`thread_id "${fromBody}" and the ${threadHeader} header "${header}" name different threads; send one.`, { param: 'thread_id' });
  }
  return header;
}
