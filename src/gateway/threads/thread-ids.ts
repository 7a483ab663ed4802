import { randomUUID } from 'node:crypto';

/** Ids Qiao makes (`POST /v1/threads`) start with this; a turn naming an unknown one is a 404, not a new thread. */
const generatedPrefix = 'thread_';

/** A new thread id for `POST /v1/threads`. */
export const newThreadId = (): string => `${generatedPrefix}${randomUUID().replaceAll('-', '')}`;

/** A thread's row key (never shown to clients; a thread deleted and made again gets a new one). */
export const newThreadKey = (): string => randomUUID();

/**
 * Whether a chat turn naming this unknown id creates the thread. Clients of seed 004 pick their own
 * ids (`"thread_id": 3`) and expect the first turn to start the conversation; ids in Qiao's own
 * format must have been made by `POST /v1/threads`.
 */
export const createsOnFirstTurn = (threadId: string): boolean => !threadId.startsWith(generatedPrefix);
