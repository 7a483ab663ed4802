import { Type, type Static, type TSchema } from '@sinclair/typebox';

// Checked by Fastify's ajv (compiled once per route); a failure names the field (docs/errors.md).
const model = Type.String({ minLength: 1, description: 'AIgo model id `<provider>:<model>` (e.g. `ollama:deepseek-r1:8b`), an alias, or any name /v1 accepts.' });
const role = Type.Unsafe<'system' | 'user' | 'assistant'>({ type: 'string', enum: ['system', 'user', 'assistant'] });
const message = Type.Object({ role, content: Type.String() }, { additionalProperties: false });
const nullable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

/** Fields shared by /generate and /chat. */
const sampling = {
  max_tokens: nullable(Type.Integer({ minimum: 1 })),
  temperature: nullable(Type.Number({ minimum: 0, maximum: 2 })),
  top_p: nullable(Type.Number({ minimum: 0, maximum: 1 })),
  stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  stop: Type.Optional(Type.Union([
    Type.String({ minLength: 1 }),
    Type.Array(Type.String({ minLength: 1 }), { maxItems: 16 }),
    Type.Null(),
  ], { description: 'Stop sequences; enforced by Qiao even when the upstream ignores them.' })),
};

export const generateBody = Type.Object({ model, prompt: Type.String(), ...sampling }, { additionalProperties: true });
export type GenerateBody = Static<typeof generateBody>;

export const chatBody = Type.Object({ model, messages: Type.Array(message, { minItems: 1 }), ...sampling }, { additionalProperties: true });
export type ChatBody = Static<typeof chatBody>;

export const embedBody = Type.Object({
  model,
  input: Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1, maxItems: 2048 })]),
  dimensions: Type.Optional(Type.Integer({ minimum: 1 })),
}, { additionalProperties: true });
export type EmbedBody = Static<typeof embedBody>;

/** Fields with a typed slot; everything else travels to the provider unchanged (as providerOptions). */
export const knownGenerateFields = new Set(Object.keys(generateBody.properties));
export const knownChatFields = new Set(Object.keys(chatBody.properties));
export const knownEmbedFields = new Set(Object.keys(embedBody.properties));
