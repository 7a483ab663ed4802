import { Type } from '@sinclair/typebox';

// Top-level fields are checked by Fastify's ajv from these schemas (compiled once); messages and
// content parts are checked in to-chat-request.ts so each error names the exact field.
const message = Type.Object({ role: Type.String() }, { additionalProperties: true });
const stop = Type.Union([Type.String(), Type.Array(Type.String(), { maxItems: 16 }), Type.Null()]);
const nullableNumber = (options: { minimum: number; maximum: number }) => Type.Union([Type.Number(options), Type.Null()]);

export const chatCompletionBody = Type.Object({
  model: Type.String({ minLength: 1 }),
  messages: Type.Array(message, { minItems: 1 }),
  temperature: Type.Optional(nullableNumber({ minimum: 0, maximum: 2 })),
  top_p: Type.Optional(nullableNumber({ minimum: 0, maximum: 1 })),
  max_tokens: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  max_completion_tokens: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  stop: Type.Optional(stop),
  n: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 128 }), Type.Null()])),
  stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  stream_options: Type.Optional(Type.Union([Type.Object({ include_usage: Type.Optional(Type.Boolean()) }), Type.Null()])),
  seed: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  presence_penalty: Type.Optional(nullableNumber({ minimum: -2, maximum: 2 })),
  frequency_penalty: Type.Optional(nullableNumber({ minimum: -2, maximum: 2 })),
  user: Type.Optional(Type.String()),
  parallel_tool_calls: Type.Optional(Type.Boolean()),
  response_format: Type.Optional(Type.Object({ type: Type.Union([Type.Literal('text'), Type.Literal('json_object'), Type.Literal('json_schema')]) })),
  tools: Type.Optional(Type.Array(Type.Object({
    type: Type.Literal('function'),
    function: Type.Object({
      name: Type.String({ pattern: '^[a-zA-Z0-9_.-]{1,128}$' }),
      description: Type.Optional(Type.String()),
      parameters: Type.Optional(Type.Object({}, { additionalProperties: true })),
      strict: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    }),
  }))),
  tool_choice: Type.Optional(Type.Union([
    Type.Literal('none'), Type.Literal('auto'), Type.Literal('required'),
    Type.Object({ type: Type.Literal('function'), function: Type.Object({ name: Type.String({ minLength: 1 }) }) }),
  ])),
  thread_id: Type.Optional(Type.Union([Type.Integer(), Type.String({ minLength: 1, maxLength: 200 })])),
}, { additionalProperties: true });

export const completionBody = Type.Object({
  model: Type.String({ minLength: 1 }),
  prompt: Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1, maxItems: 1 })]),
  max_tokens: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  temperature: Type.Optional(nullableNumber({ minimum: 0, maximum: 2 })),
  top_p: Type.Optional(nullableNumber({ minimum: 0, maximum: 1 })),
  n: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 128 }), Type.Null()])),
  stop: Type.Optional(stop),
  stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  stream_options: Type.Optional(Type.Union([Type.Object({ include_usage: Type.Optional(Type.Boolean()) }), Type.Null()])),
  echo: Type.Optional(Type.Boolean()),
  seed: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
  presence_penalty: Type.Optional(nullableNumber({ minimum: -2, maximum: 2 })),
  frequency_penalty: Type.Optional(nullableNumber({ minimum: -2, maximum: 2 })),
  user: Type.Optional(Type.String()),
}, { additionalProperties: true });

export const embeddingBody = Type.Object({
  model: Type.String({ minLength: 1 }),
  input: Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1, maxItems: 2048 })]),
  encoding_format: Type.Optional(Type.Union([Type.Literal('float'), Type.Literal('base64')])),
  dimensions: Type.Optional(Type.Integer({ minimum: 1 })),
  user: Type.Optional(Type.String()),
}, { additionalProperties: true });

/** Fields of the chat body that map to typed spec fields (everything else travels as providerOptions). */
export const knownChatFields = new Set(Object.keys(chatCompletionBody.properties));
export const knownCompletionFields = new Set(Object.keys(completionBody.properties));
export const knownEmbeddingFields = new Set(Object.keys(embeddingBody.properties));
