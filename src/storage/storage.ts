import type { ThreadStore } from './thread-records.js';
import type { LogQuery, Spend, UsageFilter, UsageGrouping, UsageSummaryRow } from './usage-query.js';
import type { VirtualKeyStore } from './virtual-key.js';

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
  /** The virtual key that made the call (absent for the admin, gateway or anonymous caller). */
  keyId?: string;
  /** The deployment that answered (or failed last), e.g. `openai-b/gpt-4o`. */
  deployment?: string;
  /** Cost in US dollars from the price table; absent when the model has no price. */
  costUsd?: number;
  /** Every attempt, JSON: `[{deployment, status, code?, ms}]`. */
  attemptLog?: string;
  /** The request body, only when body logging is enabled; secrets redacted. */
  requestBody?: string;
  /** The response body, only when body logging is enabled. */
  responseBody?: string;
}

/** A provider instance added while running (seed 000's `POST /config`). */
export interface RuntimeProviderRecord {
  /** Instance name, the prefix in `provider/model`. */
  name: string;
  /** Provider type id. */
  type: string;
  /** API key in clear; storage seals it (AES-256-GCM) and never keeps it in clear. */
  apiKey?: string;
  /** Base URL, when one was given. */
  baseUrl?: string;
  /** Upstream timeout in seconds, when one was given. */
  timeoutSeconds?: number;
}

/** A runtime provider as read back from storage. */
export interface StoredRuntimeProvider extends RuntimeProviderRecord {
  /** True when the stored key could not be opened (the secret key changed); `apiKey` is then absent. */
  apiKeyUnreadable?: boolean;
  /** When it was last configured. */
  updatedAt: Date;
}

/** The model seed 000's ai_core API answers with, as set by the last `POST /config`. */
export interface CoreModelRecord {
  /** Provider instance name. */
  provider: string;
  /** Upstream model id. */
  model: string;
  /** Extra attempts on the same deployment before the first byte. */
  maxRetries: number;
}

/** Persistence behind one interface: SQLite by default, PostgreSQL later. No SQL outside src/storage/. */
export interface Storage {
  /** The usage log. */
  requestLog: {
    /** Appends entries in one transaction. */
    insertMany(entries: RequestLogEntry[]): Promise<void>;
    /** The most recent entries, newest first. */
    recent(limit: number): Promise<RequestLogEntry[]>;
    /** Usage grouped by key, model or day. */
    summarize(filter: UsageFilter, grouping: UsageGrouping): Promise<UsageSummaryRow[]>;
    /** A filtered page of entries, newest first. */
    query(query: LogQuery): Promise<RequestLogEntry[]>;
    /** What a virtual key has spent since an instant (budgets seed from it at start). */
    spendSince(keyId: string, since: Date): Promise<Spend>;
    /** Deletes entries older than `cutoff` (retention); how many. */
    deleteBefore(cutoff: Date): Promise<number>;
  };
  /** Virtual keys (hashes and settings). */
  keys: VirtualKeyStore;
  /** Runtime configuration: providers added by `POST /config` and the core model. */
  runtimeConfig: {
    /** Everything stored; keys opened. */
    load(): Promise<{ providers: StoredRuntimeProvider[]; coreModel?: CoreModelRecord }>;
    /** Inserts or replaces the provider (by name) and sets the core model, in one transaction. */
    save(provider: RuntimeProviderRecord, coreModel: CoreModelRecord): Promise<void>;
  };
  /** Conversation threads (issue 6). */
  threads: ThreadStore;
  /** Releases connections. */
  close(): Promise<void>;
}
