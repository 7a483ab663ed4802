/** Which calls a usage or log query covers. */
export interface UsageFilter {
  /** From this instant on (inclusive). */
  from?: Date;
  /** Before this instant (exclusive). */
  to?: Date;
  /** Only calls of this virtual key; `null` = only calls made without one (admin, gateway, anonymous). */
  keyId?: string | null;
  /** Only calls that asked for this model (as requested) or were served by this deployment. */
  model?: string;
}

/** How usage is grouped. */
export type UsageGrouping = 'key' | 'model' | 'day';

/** One group of a usage summary; the grouping field is set, the others absent. */
export interface UsageSummaryRow {
  /** The virtual key (null: calls without one), when grouped by key. */
  keyId?: string | null;
  /** The model as requested, when grouped by model. */
  model?: string;
  /** UTC day `YYYY-MM-DD`, when grouped by day. */
  day?: string;
  requests: number;
  /** Calls that ended in an error (cancelled ones are not errors). */
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum of the priced calls' cost. */
  costUsd: number;
}

/** A page of the call log, newest first. */
export interface LogQuery extends UsageFilter {
  /** Most rows returned. */
  limit: number;
  /** Only calls with this outcome. */
  status?: 'ok' | 'error' | 'cancelled';
  /** Only calls older than this instant (the previous page's last `created_at`). */
  before?: Date;
}

/** What a key has spent since an instant: tokens (input + output) and dollars. */
export interface Spend {
  tokens: number;
  usd: number;
}
