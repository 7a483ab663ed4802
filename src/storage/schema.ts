import type { Generated } from 'kysely';

/** One upstream call, as the usage log keeps it. */
export interface RequestLogTable {
  id: Generated<number>;
  request_id: string;
  created_at: string;
  endpoint: string;
  requested_model: string;
  provider: string | null;
  upstream_model: string | null;
  stream: number;
  status: string;
  http_status: number;
  error_code: string | null;
  error_message: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  reasoning_tokens: number | null;
  cached_tokens: number | null;
  usage_estimated: number;
  latency_ms: number;
  ttft_ms: number | null;
  attempts: number;
  warnings: string | null;
  key_id: string | null;
  deployment: string | null;
  cost_usd: number | null;
  attempt_log: string | null;
  request_body: string | null;
  response_body: string | null;
}

/** A provider instance added at runtime (seed 000's POST /config); the API key is sealed (AES-256-GCM). */
export interface RuntimeProviderTable {
  name: string;
  type: string;
  api_key_sealed: string | null;
  base_url: string | null;
  timeout_seconds: number | null;
  updated_at: string;
}

/** A runtime setting, JSON-encoded. */
export interface RuntimeSettingTable {
  key: string;
  value: string;
  updated_at: string;
}

/** A conversation thread; `key` is the row id, `thread_id` the id its owner uses (unique per owner). */
export interface ThreadTable {
  key: string;
  owner_id: string;
  thread_id: string;
  created_at: string;
  updated_at: string;
  metadata: string | null;
  system_prompt: string | null;
  summary: string | null;
  summary_until: number;
  last_seq: number;
}

/** One message of a thread, JSON-encoded; `seq` counts from 1 per thread. */
export interface ThreadMessageTable {
  thread_key: string;
  seq: number;
  message: string;
  model: string | null;
  created_at: string;
}

/** What an upstream keeps of a thread (e.g. its conversation id), per deployment (`provider/model`). */
export interface ThreadUpstreamStateTable {
  thread_key: string;
  target: string;
  state: string;
  updated_at: string;
}

/** A virtual key (migration 004): settings and the SHA-256 of its secret, never the secret. */
export interface VirtualKeyTable {
  id: string;
  name: string;
  key_hash: string;
  key_prefix: string;
  /** JSON array of model patterns; null = every model. */
  models: string | null;
  rpm: number | null;
  tpm: number | null;
  /** bigint: pg hands it back as a string. */
  budget_tokens: number | string | null;
  budget_usd: number | null;
  budget_period: string | null;
  expires_at: string | null;
  /** JSON object. */
  metadata: string | null;
  created_at: string;
  updated_at: string;
  revoked_at: string | null;
}

/** The database as kysely sees it; grows with each migration. */
export interface Database {
  request_log: RequestLogTable;
  runtime_provider: RuntimeProviderTable;
  runtime_setting: RuntimeSettingTable;
  thread: ThreadTable;
  thread_message: ThreadMessageTable;
  thread_upstream_state: ThreadUpstreamStateTable;
  virtual_key: VirtualKeyTable;
}
