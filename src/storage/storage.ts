/** A finished call, as recorded in the usage log. */
export interface RequestLogEntry {
  requestId: string;
  createdAt: Date;
  endpoint: string;
  requestedModel: string;
  provider?: string;
  upstreamModel?: string;
  stream: boolean;
  status: 'ok' | 'error' | 'cancelled';
  httpStatus: number;
  errorCode?: string;
  errorMessage?: string;
  inputTokens?: number;
  outputTokens?: number;
  reasoningTokens?: number;
  cachedTokens?: number;
  usageEstimated: boolean;
  latencyMs: number;
  ttftMs?: number;
  attempts: number;
  warnings?: string;
}

/** Persistence behind one interface: SQLite by default, PostgreSQL later. No SQL outside src/storage/. */
export interface Storage {
  /** The usage log. */
  requestLog: {
    /** Appends entries in one transaction. */
    insertMany(entries: RequestLogEntry[]): Promise<void>;
    /** The most recent entries, newest first. */
    recent(limit: number): Promise<RequestLogEntry[]>;
  };
  /** Releases connections. */
  close(): Promise<void>;
}
