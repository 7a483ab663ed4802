import { Type, type TSchema } from '@sinclair/typebox';

// Response shapes of the admin API and /v1/me, for the OpenAPI document (and fast serialisation).
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const budget = Type.Object({
  tokens: Type.Optional(Type.Integer()), usd: Type.Optional(Type.Number()),
  period: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month'), Type.Literal('total')]),
});
const spend = Type.Object({ tokens: Type.Number(), usd: Type.Number(), period_start: Type.String({ description: 'Start of the budget period counted (ISO)' }) });

const keyFields = {
  id: Type.String(),
  name: Type.String(),
  key_prefix: Type.String({ description: 'The first characters of the secret, for recognition' }),
  models: nullable(Type.Array(Type.String())),
  rpm: nullable(Type.Integer()),
  tpm: nullable(Type.Integer()),
  budget: nullable(budget),
  expires_at: nullable(Type.String()),
  metadata: nullable(Type.Record(Type.String(), Type.Unknown())),
  created_at: Type.String(),
  updated_at: Type.String(),
  revoked_at: nullable(Type.String()),
};

/** A key without its secret, with its spend. */
export const keyInfo = Type.Object({ ...keyFields, spend: Type.Optional(spend) });
/** The answer to `POST /admin/keys`: the only time the secret is shown. */
export const createdKey = Type.Object({ ...keyFields, key: Type.String({ description: 'The secret (qk-…); shown only here, stored only as SHA-256' }) });
export const keyList = Type.Object({ data: Type.Array(keyInfo) });
export const revokedKey = Type.Object({ id: Type.String(), revoked: Type.Literal(true) });

export const usageRows = Type.Object({
  data: Type.Array(Type.Object({
    key_id: Type.Optional(nullable(Type.String())), model: Type.Optional(Type.String()), day: Type.Optional(Type.String()),
    requests: Type.Integer(), errors: Type.Integer(), input_tokens: Type.Integer(), output_tokens: Type.Integer(), cost_usd: Type.Number(),
  })),
});

const number = nullable(Type.Number());
const text = nullable(Type.String());
export const logEntries = Type.Object({
  data: Type.Array(Type.Object({
    request_id: Type.String(), created_at: Type.String(), endpoint: Type.String(), model: Type.String(), deployment: text, provider: text,
    upstream_model: text, key_id: text, stream: Type.Boolean(), status: Type.String({ description: 'ok, error or cancelled' }), http_status: Type.Integer(),
    error_code: text, error_message: text, input_tokens: number, output_tokens: number, reasoning_tokens: number, cached_tokens: number,
    usage_estimated: Type.Boolean(), cost_usd: number, latency_ms: Type.Number(), ttft_ms: number, attempts: Type.Integer(),
    attempt_log: Type.Unknown({ description: '[{deployment, status, code?, ms}] or null' }), warnings: Type.Unknown(),
    request_body: Type.Optional(Type.Unknown()), response_body: Type.Optional(Type.Unknown()),
  })),
});

export const me = Type.Object({
  kind: Type.Union([Type.Literal('admin'), Type.Literal('virtual'), Type.Literal('anonymous')]),
  id: Type.Optional(Type.String()), name: Type.Optional(Type.String()), models: Type.Optional(nullable(Type.Array(Type.String()))),
  rpm: Type.Optional(nullable(Type.Integer())), tpm: Type.Optional(nullable(Type.Integer())), budget: Type.Optional(nullable(budget)),
  expires_at: Type.Optional(nullable(Type.String())), spend: Type.Optional(spend),
});
