import { Type } from '@sinclair/typebox';

// Top-level fields are checked by Fastify's ajv; messages and content blocks are checked in
// to-chat-request.ts so each error names the exact field (../shared/protocols/anthropic.md §2).
const message = Type.Object({
  role: Type.Union([Type.Literal('user'), Type.Literal('assistant')]),
  content: Type.Union([Type.String(), Type.Array(Type.Object({ type: Type.String() }, { additionalProperties: true }))]),
}, { additionalProperties: false });

const textBlock = Type.Object({ type: Type.Literal('text'), text: Type.String() }, { additionalProperties: true });
const system = Type.Union([Type.String(), Type.Array(textBlock)]);

const tool = Type.Object({
  name: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,128}$' }),
  description: Type.Optional(Type.String()),
  input_schema: Type.Object({}, { additionalProperties: true }),
}, { additionalProperties: true });

const parallel = { disable_parallel_tool_use: Type.Optional(Type.Boolean()) };
const toolChoice = Type.Union([
  Type.Object({ type: Type.Literal('auto'), ...parallel }),
  Type.Object({ type: Type.Literal('any'), ...parallel }),
  Type.Object({ type: Type.Literal('tool'), name: Type.String({ minLength: 1 }), ...parallel }),
  Type.Object({ type: Type.Literal('none') }),
]);

const conversation = {
  model: Type.String({ minLength: 1 }),
  messages: Type.Array(message, { minItems: 1 }),
  system: Type.Optional(system),
  tools: Type.Optional(Type.Array(tool)),
  tool_choice: Type.Optional(toolChoice),
  thinking: Type.Optional(Type.Object({ type: Type.String() }, { additionalProperties: true })),
};

export const messagesBody = Type.Object({
  ...conversation,
  max_tokens: Type.Integer({ minimum: 1 }),
  temperature: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  top_p: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  top_k: Type.Optional(Type.Integer({ minimum: 0 })),
  stop_sequences: Type.Optional(Type.Array(Type.String())),
  stream: Type.Optional(Type.Boolean()),
  metadata: Type.Optional(Type.Object({ user_id: Type.Optional(Type.Union([Type.String(), Type.Null()])) }, { additionalProperties: true })),
  thread_id: Type.Optional(Type.Union([Type.Integer(), Type.String({ minLength: 1, maxLength: 200 })], { description: 'Qiao extension: a conversation thread (or the x-qiao-thread-id header); see docs/threads.md.' })),
}, { additionalProperties: true });

export const countTokensBody = Type.Object(conversation, { additionalProperties: true });

/** Fields with a typed slot in the spec request (everything else travels as providerOptions). */
export const knownMessagesFields = new Set(['model', 'messages', 'system', 'tools', 'tool_choice', 'max_tokens', 'temperature', 'top_p', 'stop_sequences', 'stream', 'metadata', 'thread_id']);
