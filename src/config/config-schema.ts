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
  }, { additionalProperties: false })),
  redis: Type.Optional(Type.Object({
    url: Type.Optional(Type.String({ pattern: '^rediss?://', description: 'Redis URL for limits, budgets and caches shared by several instances (also REDIS_URL).' })),
  }, { additionalProperties: false })),
  api: Type.Optional(Type.Object({
    auth_enabled: Type.Optional(Type.Boolean()),
    api_key: Type.Optional(Type.String()),
  }, { additionalProperties: false })),
  defaultProvider: Type.Optional(Type.String({ minLength: 1 })),
  providers: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]+$' }), providerConfigSchema)),
  aliases: Type.Optional(Type.Record(Type.String({ minLength: 1 }), aliasEntrySchema)),
  routing: Type.Optional(routingSchema),
  models: Type.Optional(Type.Object({
    discoveryIntervalSeconds: Type.Optional(Type.Integer({ minimum: 0 })),
  }, { additionalProperties: false })),
  core: Type.Optional(Type.Object({
    model: Type.Optional(Type.String({ minLength: 1, description: 'The model the ai_core API (seed 000) uses until a POST /config sets one: provider/model, an alias, or a bare name.' })),
  }, { additionalProperties: false })),
}, { additionalProperties: false });
export type ConfigFile = Static<typeof configFileSchema>;
