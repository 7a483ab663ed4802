import type { ChatMessage } from '../spec/index.js';

/** A thread as stored. */
export interface ThreadRecord {
  /** Row id, made by the caller (never shown to clients). */
  key: string;
  /** Who owns it (`Caller.ownerId`). */
  ownerId: string;
  /** The id its owner uses; unique per owner. */
  threadId: string;
  createdAt: Date;
  updatedAt: Date;
  /** Free key–value pairs given at creation. */
  metadata?: Record<string, unknown>;
  /** The system messages of the latest turn that had any; they lead every later request. */
  systemPrompt?: ChatMessage[];
  /** The running summary of messages up to `summaryUntil`, when the summarize policy made one. */
  summary?: string;
  /** The last message `seq` the summary covers (0: none). */
  summaryUntil: number;
  /** The `seq` of the newest message (0: none). */
  lastSeq: number;
}

/** A message of a thread as stored. */
export interface ThreadMessageRecord {
  /** Position in the thread, from 1. */
  seq: number;
  message: ChatMessage;
  /** The model that answered, for assistant messages. */
  model?: string;
  createdAt: Date;
}

/** A turn to append: the new messages, and what changed with them. */
export interface ThreadTurnRecord {
  messages: { message: ChatMessage; model?: string }[];
  /** New system prompt (replaces the stored one), when the turn carried one. */
  systemPrompt?: ChatMessage[];
  /** What the answering upstream keeps of the conversation, per deployment target; stored with `until`, the seq of the turn's last message. */
  upstreamState?: { target: string; state: Record<string, unknown> };
}

/** Which messages of a thread to read. */
export interface MessageQuery {
  afterSeq?: number;
  beforeSeq?: number;
  limit?: number;
  order?: 'asc' | 'desc';
}

/** Threads, their messages and per-upstream state (issue 6). */
export interface ThreadStore {
  /** Creates the thread, or returns the owner's existing thread of that id. */
  createOrGet(record: { key: string; ownerId: string; threadId: string; metadata?: Record<string, unknown> }): Promise<{ thread: ThreadRecord; created: boolean }>;
  /** The owner's thread of that id. */
  find(ownerId: string, threadId: string): Promise<ThreadRecord | undefined>;
  /** The owner's threads, newest first; `before` continues after the thread with that id. */
  list(ownerId: string, options: { limit: number; before?: string }): Promise<ThreadRecord[]>;
  /** Deletes the thread with its messages; false when the owner has none of that id. */
  delete(ownerId: string, threadId: string): Promise<boolean>;
  /** Messages with `afterSeq < seq < beforeSeq`, in `order` of seq (default oldest first). */
  messages(threadKey: string, options?: MessageQuery): Promise<ThreadMessageRecord[]>;
  /** Appends a turn in one transaction; the seq of its last message, or undefined when the thread was deleted meanwhile. */
  appendTurn(threadKey: string, turn: ThreadTurnRecord): Promise<number | undefined>;
  /** Stores the running summary and the last message it covers. */
  saveSummary(threadKey: string, summary: string, until: number): Promise<void>;
  /** What upstreams keep of the thread, by deployment target. */
  upstreamStates(threadKey: string): Promise<Map<string, Record<string, unknown>>>;
}
