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
  storage: { sqlitePath: string; secretKey?: string; databaseUrl?: string };
  /** Redis shared by several instances (REDIS_URL); absent means in-memory counters. */
  redis: { url?: string };
  api: { authEnabled: boolean; apiKey?: string };
  defaultProvider?: string;
  providers: ResolvedProviderConfig[];
  aliases: Record<string, AliasDefinition>;
  /** Retries, backoff, circuit breaking (docs/routing.md). */
  routing: RoutingConfig;
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
