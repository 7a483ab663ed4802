import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Top-level fields are checked by Fastify's ajv from these schemas; messages are checked in
// to-chat-request.ts so each error names the exact field. `null` counts as "not sent", as Python
// clients send `None`.
const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const message = Type.Object({ role: Type.String(), content: Type.Unknown() }, { additionalProperties: true });

/** Sampling settings of `/chat`; other keys (e.g. `stop`, `seed`) reach the provider unchanged. */
export const generationConfig = Type.Object({
  temperature: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 2 }))),
  top_p: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 1 }))),
  max_tokens: Type.Optional(nullable(Type.Integer({ minimum: 1 }))),
}, { additionalProperties: true });

/** `POST /chat` and `POST /chat/stream`; other top-level fields reach the provider unchanged. */
export const chatBody = Type.Object({
  messages: Type.Array(message, { minItems: 1 }),
  generation_config: Type.Optional(nullable(generationConfig)),
}, { additionalProperties: true });
export type ChatBody = Static<typeof chatBody>;

/** `POST /config`. Unknown fields are rejected by name in config-route.ts. */
export const configBody = Type.Object({
  provider_type: Type.String({ minLength: 1 }),
  api_key: Type.Optional(nullable(Type.String({ minLength: 1 }))),
  model: Type.String({ minLength: 1 }),
  base_url: Type.Optional(nullable(Type.String())),
  timeout: Type.Optional(nullable(Type.Number({ exclusiveMinimum: 0, maximum: 86_400 }))),
  max_retries: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 10 }))),
}, { additionalProperties: true });
export type ConfigBody = Static<typeof configBody>;

export const knownChatFields = new Set(Object.keys(chatBody.properties));
export const knownGenerationFields = new Set(Object.keys(generationConfig.properties));
export const knownConfigFields = new Set(Object.keys(configBody.properties));
