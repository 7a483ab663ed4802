import { Type, type Static } from '@sinclair/typebox';
import { aliasEntrySchema, routingSchema } from './routing-schema.js';

const modelEntry = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object({
    id: Type.String({ minLength: 1 }),
    contextWindow: Type.Optional(Type.Integer({ minimum: 1 })),
    capabilities: Type.Optional(Type.Array(Type.Union([
      Type.Literal('chat'), Type.Literal('embedding'), Type.Literal('vision'), Type.Literal('tools'), Type.Literal('reasoning'),
    ]))),
  }, { additionalProperties: false }),
]);

export const providerConfigSchema = Type.Object({
  type: Type.Optional(Type.String({ minLength: 1, description: 'Protocol or preset, e.g. openai, dashscope, deepseek, openai-compatible, mock. Defaults to the provider name.' })),
  enabled: Type.Optional(Type.Boolean()),
  apiKey: Type.Optional(Type.String()),
  baseUrl: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+', description: 'http(s) URL of the API root, e.g. https://api.deepseek.com/v1' })),
  apiVersion: Type.Optional(Type.String()),
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  models: Type.Optional(Type.Array(modelEntry)),
  discoverModels: Type.Optional(Type.Boolean()),
  defaultMaxTokens: Type.Optional(Type.Integer({ minimum: 1, description: 'anthropic: max_tokens sent when a request has none (the upstream requires it); its use is reported as a warning' })),
  paceMs: Type.Optional(Type.Integer({ minimum: 0, description: 'mock only: delay before each streamed word' })),
  timeouts: Type.Optional(Type.Object({
    connectMs: Type.Optional(Type.Integer({ minimum: 1 })),
    headersMs: Type.Optional(Type.Integer({ minimum: 1 })),
    idleMs: Type.Optional(Type.Integer({ minimum: 1 })),
    firstByteMs: Type.Optional(Type.Integer({ minimum: 1, description: 'streams: longest wait for the first part of the answer (default routing.firstByteMs)' })),
  }, { additionalProperties: false })),
}, { additionalProperties: false });
export type ProviderConfig = Static<typeof providerConfigSchema>;

export const configFileSchema = Type.Object({
  server: Type.Optional(Type.Object({
    host: Type.Optional(Type.String({ minLength: 1 })),
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535 })),
    bodyLimitBytes: Type.Optional(Type.Integer({ minimum: 1024 })),
    logLevel: Type.Optional(Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)))),
    shutdownGraceSeconds: Type.Optional(Type.Integer({ minimum: 0, description: 'on SIGTERM: how long in-flight requests may finish (default 30)' })),
  }, { additionalProperties: false })),
  storage: Type.Optional(Type.Object({
    sqlitePath: Type.Optional(Type.String({ minLength: 1 })),
    databaseUrl: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'PostgreSQL URL; every store moves there (also DATABASE_URL).' })),
    schema: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$', description: 'PostgreSQL schema holding Qiao\'s tables, created if missing (also QIAO_DB_SCHEMA); default: the connection\'s current schema.' })),
  }, { additionalProperties: false })),
  redis: Type.Optional(Type.Object({
    url: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'Redis URL for limits, budgets and caches shared by several instances (also REDIS_URL).' })),
    prefix: Type.Optional(Type.String({ minLength: 1, description: 'Prefix of every Redis key (also QIAO_REDIS_PREFIX); default "qiao:".' })),
  }, { additionalProperties: false })),
  api: Type.Optional(Type.Object({
    auth_enabled: Type.Optional(Type.Boolean()),
    api_key: Type.Optional(Type.String()),
    admin_key: Type.Optional(Type.String({ minLength: 16, description: 'Admin key (also QIAO_ADMIN_KEY): the /admin API and every route; turns auth on.' })),
  }, { additionalProperties: false })),
  limits: Type.Optional(Type.Object({
    defaultOutputTokens: Type.Optional(Type.Integer({ minimum: 1, description: 'Output tokens a budget or TPM check reserves for a call without max_tokens (default 1024).' })),
  }, { additionalProperties: false })),
  prices: Type.Optional(Type.Record(Type.String({ minLength: 1 }), Type.Object({
    input: Type.Number({ minimum: 0, description: 'USD per 1M input tokens' }),
    output: Type.Number({ minimum: 0, description: 'USD per 1M output tokens' }),
    cachedInput: Type.Optional(Type.Number({ minimum: 0, description: 'USD per 1M cached input tokens' })),
  }, { additionalProperties: false }))),
  usage: Type.Optional(Type.Object({
    retentionDays: Type.Optional(Type.Integer({ minimum: 1, description: 'Days the usage log is kept (default 30).' })),
    logBodies: Type.Optional(Type.Boolean({ description: 'Store request and response bodies in the usage log, secrets redacted (default false).' })),
  }, { additionalProperties: false })),
  defaultProvider: Type.Optional(Type.String({ minLength: 1 })),
  providers: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]+$' }), providerConfigSchema)),
  aliases: Type.Optional(Type.Record(Type.String({ minLength: 1 }), aliasEntrySchema)),
  routing: Type.Optional(routingSchema),
  models: Type.Optional(Type.Object({
    discoveryIntervalSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
  }, { additionalProperties: false })),
  memory: Type.Optional(Type.Object({
    policy: Type.Optional(Type.Union([Type.Literal('drop-oldest'), Type.Literal('summarize')], { description: 'What happens to thread history beyond the context window: dropped (oldest turns first) or summarised.' })),
    summaryModel: Type.Optional(Type.String({ minLength: 1, description: 'Model that writes thread summaries (summarize policy); default: the model of the turn.' })),
    summaryMaxTokens: Type.Optional(Type.Integer({ minimum: 16, description: 'Most tokens a running summary may take (default 256).' })),
    defaultContextWindow: Type.Optional(Type.Integer({ minimum: 256, description: 'Context window of models whose window is unknown (default 8192).' })),
    outputReserve: Type.Optional(Type.Integer({ minimum: 1, description: 'Tokens kept free for the answer when a request has no max_tokens (default 1024).' })),
    turnWaitSeconds: Type.Optional(Type.Integer({ minimum: 1, description: 'How long a turn waits for the previous turn on the same thread (default 120), then 409 thread_busy.' })),
  }, { additionalProperties: false })),
  vectorStore: Type.Optional(Type.Object({
    enabled: Type.Optional(Type.Boolean({ description: 'Serve /v1/vector_stores (default true).' })),
    path: Type.Optional(Type.String({ minLength: 1, description: 'SQLite file of the vector store (sqlite-vec); default vectors.db beside storage.sqlitePath (also QIAO_VECTOR_STORE_PATH).' })),
    embeddingBatchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 2048, description: 'Texts per embedding call when documents are added.' })),
    exactSearchMaxDocuments: Type.Optional(Type.Integer({ minimum: 0, description: 'Collections up to this size are searched exactly; larger ones by 1-bit pre-selection plus exact re-ranking.' })),
    candidateMultiplier: Type.Optional(Type.Integer({ minimum: 1, description: 'Re-ranked candidates per requested result.' })),
    minCandidates: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096, description: 'Fewest candidates re-ranked.' })),
  }, { additionalProperties: false })),
  core: Type.Optional(Type.Object({
    model: Type.Optional(Type.String({ minLength: 1, description: 'The model the ai_core API (seed 000) uses until a POST /config sets one: provider/model, an alias, or a bare name.' })),
  }, { additionalProperties: false })),
  telemetry: Type.Optional(Type.Object({
    metrics: Type.Optional(Type.Boolean({ description: 'Serve GET /metrics (Prometheus); default true.' })),
    metricsPublic: Type.Optional(Type.Boolean({ description: 'GET /metrics without the admin key even when auth is on; default false.' })),
    otlpEndpoint: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+', description: 'OTLP/HTTP collector root, e.g. http://127.0.0.1:4318 (also OTEL_EXPORTER_OTLP_ENDPOINT); spans go to {endpoint}/v1/traces.' })),
    otlpHeaders: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Headers sent with every export, e.g. a collector token (also OTEL_EXPORTER_OTLP_HEADERS).' })),
    serviceName: Type.Optional(Type.String({ minLength: 1, description: 'service.name of exported spans (also OTEL_SERVICE_NAME); default qiao.' })),
  }, { additionalProperties: false })),
  cache: Type.Optional(Type.Object({
    enabled: Type.Optional(Type.Boolean({ description: 'Exact-match response cache for deterministic requests (see docs/caching.md); off by default.' })),
    ttlSeconds: Type.Optional(Type.Integer({ minimum: 1, description: 'How long an answer is replayed.' })),
    maxEntries: Type.Optional(Type.Integer({ minimum: 1, description: 'memory backend: least recently used entries are dropped beyond this.' })),
    backend: Type.Optional(Type.Union([Type.Literal('memory'), Type.Literal('redis')], { description: 'Default: redis when REDIS_URL is set, else memory.' })),
    redisKeyPrefix: Type.Optional(Type.String({ minLength: 1, description: 'redis backend: prefix of cache keys, after the connection prefix.' })),
  }, { additionalProperties: false })),
}, { additionalProperties: false });
export type ConfigFile = Static<typeof configFileSchema>;
