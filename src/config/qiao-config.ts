import type { Environment } from '../providers/index.js';
import type { ProviderConfig } from './config-schema.js';

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
  server: { host: string; port: number; bodyLimitBytes: number; logLevel: string };
  /** `secretKey` (QIAO_SECRET_KEY) seals stored provider keys; without it a key file beside the database is used. */
  storage: { sqlitePath: string; secretKey?: string; databaseUrl?: string };
  /** Redis shared by several instances (REDIS_URL); absent means in-memory counters. */
  redis: { url?: string };
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
  aliases: Record<string, string[]>;
  modelDiscoveryIntervalSeconds: number;
  /** The ai_core API (seed 000): the model it uses before any `POST /config`. */
  core: { model?: string };
  /** The config file read, if any. */
  configPath?: string;
  /** True when no real provider is configured and the mock answers. */
  mockOnly: boolean;
  /** The environment the config was read with (process.env over `.env`); providers read their keys from it. */
  env: Environment;
}
