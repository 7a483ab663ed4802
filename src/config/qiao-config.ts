import type { Environment } from '../providers/index.js';
import type { ProviderConfig } from './config-schema.js';
import type { AliasDefinition, RoutingConfig } from './routing-config.js';

/** Where a provider's settings came from, for the startup log and /health. */
export type ProviderSource = 'config' | 'environment' | 'builtin' | 'runtime';

/** A provider entry after merging file, environment and defaults. */
export interface ResolvedProviderConfig extends ProviderConfig {
  /** Instance name. */
  name: string;
  /** Protocol or preset. */
  type: string;
  /** Where it came from. */
  source: ProviderSource;
}

/** Qiao's configuration after the file, `.env`, the environment and CLI flags are merged and validated. */
export interface QiaoConfig {
  server: { host: string; port: number; bodyLimitBytes: number; logLevel: string; shutdownGraceSeconds: number };
  /** `secretKey` (QIAO_SECRET_KEY) seals stored provider keys; without it a key file beside the database is used. */
  storage: { sqlitePath: string; secretKey?: string; databaseUrl?: string; /** PostgreSQL schema (QIAO_DB_SCHEMA). */ schema?: string };
  /** Redis shared by several instances (REDIS_URL); absent means in-memory counters. `prefix` (QIAO_REDIS_PREFIX) starts every key. */
  redis: { url?: string; prefix?: string };
  /** `adminKey` (QIAO_ADMIN_KEY) opens the /admin API; with it or the gateway key set, every route needs a key. */
  api: { authEnabled: boolean; apiKey?: string; adminKey?: string };
  /** Key limits: output tokens reserved for a call without max_tokens. */
  limits: { defaultOutputTokens: number };
  /** USD per 1M tokens by model, `provider/model` or glob; over the built-in defaults. */
  prices: Record<string, { input: number; output: number; cachedInput?: number }>;
  /** Usage log retention and body logging. */
  usage: { retentionDays: number; logBodies: boolean };
  defaultProvider?: string;
  providers: ResolvedProviderConfig[];
  aliases: Record<string, AliasDefinition>;
  /** Retries, backoff, circuit breaking (docs/routing.md). */
  routing: RoutingConfig;
  modelDiscoveryIntervalSeconds: number;
  /** Thread memory (issue 6): how history is fitted to the model's context window (docs/threads.md). */
  memory: MemorySettings;
  /** The ai_core API (seed 000): the model it uses before any `POST /config`. */
  core: { model?: string };
  /** Metrics and traces (docs/observability.md). */
  telemetry: TelemetryConfig;
  /** The vector store: its sqlite-vec file (`pathConfigured` when set explicitly) and search tuning. */
  vectorStore: {
    enabled: boolean; path: string; pathConfigured: boolean;
    embeddingBatchSize: number; exactSearchMaxDocuments: number; candidateMultiplier: number; minCandidates: number;
  };
  /** The response cache (docs/caching.md); `backend` already defaulted from REDIS_URL. */
  cache: { enabled: boolean; ttlSeconds: number; maxEntries: number; backend: 'memory' | 'redis'; redisKeyPrefix: string };
  /** The config file read, if any. */
  configPath?: string;
  /** True when no real provider is configured and the mock answers. */
  mockOnly: boolean;
  /** The environment the config was read with (process.env over `.env`); providers read their keys from it. */
  env: Environment;
}

/** `telemetry`: what Qiao exposes about itself. */
export interface TelemetryConfig {
  /** Serve GET /metrics. */
  metrics: boolean;
  /** GET /metrics needs no key even when auth is on. */
  metricsPublic: boolean;
  /** OTLP/HTTP collector root; traces are off without it. */
  otlpEndpoint?: string;
  /** Headers sent with every export (secrets: never logged). */
  otlpHeaders: Record<string, string>;
  /** `service.name` of exported spans. */
  serviceName: string;
}

/** How thread history is fitted to a model's context window, and how turns wait for each other. */
export interface MemorySettings {
  /** Oldest turns that do not fit are dropped, or summarised into a running summary. */
  policy: 'drop-oldest' | 'summarize';
  /** The model that writes summaries; absent: the model of the turn. */
  summaryModel?: string;
  /** Most tokens a running summary may take. */
  summaryMaxTokens: number;
  /** Context window of models whose window is unknown. */
  defaultContextWindow: number;
  /** Tokens kept for the answer when a request has no max_tokens. */
  outputReserve: number;
  /** How long a turn waits for the previous turn on its thread. */
  turnWaitSeconds: number;
}
