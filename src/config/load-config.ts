import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { parse as parseDotEnv } from 'dotenv';
import { allProviderTypes, registerBuiltinProviders, type Environment } from '../providers/index.js';
import { ConfigError } from './config-error.js';
import { configFileSchema, type ConfigFile } from './config-schema.js';
import { interpolateEnvironment } from './interpolate.js';
import { checkScaleOutSettings } from './scale-out-settings.js';
import { telemetryConfig } from './telemetry-config.js';
import { resolveAlias, resolveRouting } from './routing-config.js';
import type { QiaoConfig, ResolvedProviderConfig } from './qiao-config.js';

/** What the CLI (or a test) passes in. */
export interface LoadConfigOptions {
  /** Path of the config file; else QIAO_CONFIG, else qiao.yaml / qiao.yml / qiao.json in `cwd`. */
  configPath?: string;
  /** Directory for relative paths and `.env`. */
  cwd?: string;
  /** Environment; defaults to process.env merged over `.env`. */
  env?: Environment;
  /** Overrides from CLI flags. */
  host?: string;
  port?: number;
  /** Built-in defaults of a CLI profile (e.g. `qiao core`: 0.0.0.0:8080); below the environment and the file. */
  defaults?: { host?: string; port?: number };
  /** An already-parsed config object instead of a file (tests). */
  file?: unknown;
}

const defaultFiles = ['qiao.yaml', 'qiao.yml', 'qiao.json'];

const require = createRequire(import.meta.url);
/** yaml is some seventy modules: loaded when there is a config file to read, not on every start. */
const parseYaml = (text: string): unknown => (require('yaml') as typeof import('yaml')).parse(text);

/** Reads `.env` in `cwd` beneath the real environment (real variables win, as dotenv does). */
export function readEnvironment(cwd: string, processEnv: Environment = process.env): Environment {
  const path = resolve(cwd, '.env');
  const fromFile = existsSync(path) ? parseDotEnv(readFileSync(path)) : {};
  return { ...fromFile, ...processEnv };
}

function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`);
  }
  try {
    return parseYaml(text) ?? {};
  } catch (error) {
    throw new ConfigError(`Config file ${path} is not valid YAML/JSON: ${(error as Error).message}`);
  }
}

function validate(raw: unknown, source: string): ConfigFile {
  if (Value.Check(configFileSchema, raw)) return raw;
  const problems = [...Value.Errors(configFileSchema, raw)].slice(0, 5)
    .map((error) => `  ${error.path.slice(1).replaceAll('/', '.') || '(root)'}: ${error.message}`);
  throw new ConfigError(`Invalid configuration in ${source}:\n${problems.join('\n')}`);
}

function positiveInteger(env: Environment, name: string): number | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new ConfigError(`Environment variable ${name} must be a whole number, got "${value}".`);
  return number;
}

/** Loads, merges and validates the configuration once at boot. */
export function loadConfig(options: LoadConfigOptions = {}): QiaoConfig {
  registerBuiltinProviders();
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? readEnvironment(cwd);
  const explicitPath = options.configPath ?? env.QIAO_CONFIG;
  const configPath = explicitPath ? resolve(cwd, explicitPath) : defaultFiles.map((name) => resolve(cwd, name)).find(existsSync);
  if (explicitPath && configPath && !existsSync(configPath)) throw new ConfigError(`Config file ${configPath} does not exist.`);
  const raw = options.file ?? (configPath ? readConfigFile(configPath) : {});
  const file = validate(interpolateEnvironment(raw, env), configPath ?? 'the configuration');

  const providers = resolveProviders(file, env);
  const realProviders = providers.filter((provider) => provider.type !== 'mock');
  const mockOnly = realProviders.length === 0;
  if (!providers.some((provider) => provider.type === 'mock') && (mockOnly || env.QIAO_MOCK === '1' || env.QIAO_MOCK === 'true')) {
    providers.push({ name: 'mock', type: 'mock', source: 'builtin' });
  }
  const defaultProvider = file.defaultProvider ?? env.QIAO_DEFAULT_PROVIDER ?? (mockOnly ? 'mock' : undefined);
  if (defaultProvider && !providers.some((provider) => provider.name === defaultProvider)) {
    throw new ConfigError(`defaultProvider "${defaultProvider}" is not a configured provider (have: ${providers.map((p) => p.name).join(', ')}).`);
  }
  const apiKey = env.QIAO_API_KEY || file.api?.api_key || undefined;
  const authEnabled = file.api?.auth_enabled ?? Boolean(env.QIAO_API_KEY);
  if (authEnabled && !apiKey) throw new ConfigError('api.auth_enabled is true but no api.api_key (or QIAO_API_KEY) is set.');
  checkScaleOutSettings(env, file);
  const adminKey = env.QIAO_ADMIN_KEY || file.api?.admin_key || undefined;
  if (adminKey !== undefined && adminKey.length < 16) throw new ConfigError('QIAO_ADMIN_KEY must be at least 16 characters long.');
  if (adminKey !== undefined && file.api?.auth_enabled === false) {
    throw new ConfigError('api.auth_enabled is false but an admin key (api.admin_key or QIAO_ADMIN_KEY) is set; an admin key turns auth on for every route.');
  }

  return {
    server: {
      host: options.host ?? env.QIAO_HOST ?? file.server?.host ?? options.defaults?.host ?? '127.0.0.1',
      port: options.port ?? positiveInteger(env, 'QIAO_PORT') ?? positiveInteger(env, 'PORT') ?? file.server?.port ?? options.defaults?.port ?? 8000,
      bodyLimitBytes: file.server?.bodyLimitBytes ?? 20 * 1024 * 1024,
      logLevel: env.QIAO_LOG_LEVEL ?? file.server?.logLevel ?? 'info',
      shutdownGraceSeconds: file.server?.shutdownGraceSeconds ?? 30,
    },
    storage: {
      sqlitePath: resolve(cwd, env.QIAO_SQLITE_PATH ?? file.storage?.sqlitePath ?? 'data/qiao.db'),
      secretKey: env.QIAO_SECRET_KEY || undefined,
      databaseUrl: env.DATABASE_URL || file.storage?.databaseUrl || undefined,
      schema: env.QIAO_DB_SCHEMA || file.storage?.schema || undefined,
    },
    redis: { url: env.REDIS_URL || file.redis?.url || undefined, prefix: env.QIAO_REDIS_PREFIX || file.redis?.prefix || undefined },
    api: { authEnabled, apiKey, ...(adminKey !== undefined && { adminKey }) },
    limits: { defaultOutputTokens: file.limits?.defaultOutputTokens ?? 1024 },
    prices: file.prices ?? {},
    usage: { retentionDays: file.usage?.retentionDays ?? 30, logBodies: file.usage?.logBodies ?? false },
    defaultProvider,
    providers,
    aliases: Object.fromEntries(Object.entries(file.aliases ?? {}).map(([alias, entry]) => [alias, resolveAlias(entry)])),
    routing: resolveRouting(file.routing),
    modelDiscoveryIntervalSeconds: file.models?.discoveryIntervalSeconds ?? 600,
    memory: {
      policy: file.memory?.policy ?? 'drop-oldest',
      summaryModel: file.memory?.summaryModel,
      summaryMaxTokens: file.memory?.summaryMaxTokens ?? 256,
      defaultContextWindow: file.memory?.defaultContextWindow ?? 8192,
      outputReserve: file.memory?.outputReserve ?? 1024,
      turnWaitSeconds: file.memory?.turnWaitSeconds ?? 120,
    },
    core: { model: file.core?.model },
    telemetry: telemetryConfig(file, env),
    vectorStore: resolveVectorStore(file, env, cwd),
    cache: resolveCache(file, env.REDIS_URL || file.redis?.url || undefined),
    configPath,
    mockOnly,
    env,
  };
}

function resolveVectorStore(file: ConfigFile, env: Environment, cwd: string): QiaoConfig['vectorStore'] {
  const sqlitePath = resolve(cwd, env.QIAO_SQLITE_PATH ?? file.storage?.sqlitePath ?? 'data/qiao.db');
  const explicit = env.QIAO_VECTOR_STORE_PATH || file.vectorStore?.path;
  return {
    enabled: file.vectorStore?.enabled ?? true,
    path: explicit ? resolve(cwd, explicit) : join(dirname(sqlitePath), 'vectors.db'),
    pathConfigured: Boolean(explicit),
    embeddingBatchSize: file.vectorStore?.embeddingBatchSize ?? 64,
    exactSearchMaxDocuments: file.vectorStore?.exactSearchMaxDocuments ?? 10_000,
    candidateMultiplier: file.vectorStore?.candidateMultiplier ?? 20,
    minCandidates: file.vectorStore?.minCandidates ?? 200,
  };
}

function resolveCache(file: ConfigFile, redisUrl: string | undefined): QiaoConfig['cache'] {
  const backend = file.cache?.backend ?? (redisUrl ? 'redis' : 'memory');
  if (backend === 'redis' && !redisUrl) throw new ConfigError('cache.backend is redis but no redis.url (or REDIS_URL) is set.');
  return {
    enabled: file.cache?.enabled ?? false,
    ttlSeconds: file.cache?.ttlSeconds ?? 3600,
    maxEntries: file.cache?.maxEntries ?? 1000,
    backend,
    redisKeyPrefix: file.cache?.redisKeyPrefix ?? 'cache:',
  };
}

function resolveProviders(file: ConfigFile, env: Environment): ResolvedProviderConfig[] {
  const providers: ResolvedProviderConfig[] = [];
  const known = new Set(allProviderTypes().map((type) => type.id));
  for (const [name, entry] of Object.entries(file.providers ?? {})) {
    const type = entry.type ?? name;
    if (!known.has(type)) {
      throw new ConfigError(`providers.${name}.type: unknown provider type "${type}" (known: ${[...known].join(', ')}).`);
    }
    if (entry.enabled === false) continue;
    providers.push({ ...entry, name, type, source: 'config' });
  }
  const configured = new Set(Object.keys(file.providers ?? {}));
  for (const type of allProviderTypes()) {
    for (const options of type.fromEnvironment?.(env) ?? []) {
      if (!configured.has(options.name)) providers.push({ ...options, source: 'environment' });
    }
  }
  return providers;
}
