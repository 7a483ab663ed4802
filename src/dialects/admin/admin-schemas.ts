import { Type, type Static, type TSchema } from '@sinclair/typebox';

const period = Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month'), Type.Literal('total')]);
const budget = Type.Object({
  tokens: Type.Optional(Type.Integer({ minimum: 1, description: 'Most tokens (input + output) per period' })),
  usd: Type.Optional(Type.Number({ exclusiveMinimum: 0, description: 'Most US dollars per period (from the price table)' })),
  period,
}, { additionalProperties: false });

const fields = {
  models: Type.Array(Type.String({ minLength: 1 }), { description: 'Allowed models: aliases, provider/model or globs such as "openai/*"; absent = every model' }),
  rpm: Type.Integer({ minimum: 1, description: 'Requests per minute' }),
  tpm: Type.Integer({ minimum: 1, description: 'Tokens per minute (estimated before the call, settled after)' }),
  budget,
  expires_at: Type.String({ minLength: 1, description: 'ISO 8601 instant after which the key stops working' }),
  metadata: Type.Record(Type.String(), Type.Unknown(), { description: 'Free-form data kept with the key' }),
};
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** `POST /admin/keys`. */
export const createKeyBody = Type.Object({
  name: Type.String({ minLength: 1 }),
  models: Type.Optional(fields.models),
  rpm: Type.Optional(fields.rpm),
  tpm: Type.Optional(fields.tpm),
  budget: Type.Optional(fields.budget),
  expires_at: Type.Optional(fields.expires_at),
  metadata: Type.Optional(fields.metadata),
}, { additionalProperties: false });
export type CreateKeyBody = Static<typeof createKeyBody>;

/** `PATCH /admin/keys/{id}`: fields present replace, `null` clears. */
export const updateKeyBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1 })),
  models: Type.Optional(nullable(fields.models)),
  rpm: Type.Optional(nullable(fields.rpm)),
  tpm: Type.Optional(nullable(fields.tpm)),
  budget: Type.Optional(nullable(fields.budget)),
  expires_at: Type.Optional(nullable(fields.expires_at)),
  metadata: Type.Optional(nullable(fields.metadata)),
}, { additionalProperties: false });
export type UpdateKeyBody = Static<typeof updateKeyBody>;

export const keyIdParams = Type.Object({ id: Type.String({ minLength: 1 }) });

const instant = Type.String({ minLength: 1, description: 'ISO 8601 instant or date' });

/** `GET /admin/usage` and `GET /v1/me/usage`. */
export const usageQuery = Type.Object({
  group_by: Type.Optional(Type.Union([Type.Literal('key'), Type.Literal('model'), Type.Literal('day')], { description: 'default: day' })),
  from: Type.Optional(instant),
  to: Type.Optional(instant),
  key_id: Type.Optional(Type.String({ minLength: 1 })),
  model: Type.Optional(Type.String({ minLength: 1 })),
}, { additionalProperties: false });
export type UsageQuery = Static<typeof usageQuery>;

/** `GET /admin/logs` and `GET /v1/me/logs`. */
export const logsQuery = Type.Object({
  limit: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: '1–500, default 50' })),
  key_id: Type.Optional(Type.String({ minLength: 1 })),
  model: Type.Optional(Type.String({ minLength: 1 })),
  status: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('cancelled')])),
  before: Type.Optional(instant),
}, { additionalProperties: false });
export type LogsQuery = Static<typeof logsQuery>;
