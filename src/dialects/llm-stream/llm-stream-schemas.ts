import { Type, type Static, type TSchema } from '@sinclair/typebox';

const role = Type.Unsafe<'system' | 'user' | 'assistant'>({ type: 'string', enum: ['system', 'user', 'assistant'] });
const nullable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

/** Seed 003's `POST /api/chat` body; checked by Fastify's ajv so a failure names the field. */
export const llmStreamChatBody = Type.Object({
  messages: Type.Array(Type.Object({ role, content: Type.String() }, { additionalProperties: false }), { minItems: 1 }),
  model: Type.String({ minLength: 1, description: 'Any model name Qiao resolves (bare name, provider/model or alias).' }),
  temperature: nullable(Type.Number({ minimum: 0, maximum: 2 })),
  max_tokens: nullable(Type.Integer({ minimum: 1 })),
  top_p: nullable(Type.Number({ minimum: 0, maximum: 1 })),
  stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()], { description: 'Ignored: this endpoint always streams.' })),
}, { additionalProperties: true });
export type LlmStreamChatBody = Static<typeof llmStreamChatBody>;

/** Fields with a typed slot; the rest travels to the provider unchanged. */
export const knownLlmStreamFields = new Set(Object.keys(llmStreamChatBody.properties));
