import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { compileOnFirstUse } from '../compile-on-first-use.js';

// Loose schemas: only the fields Qiao reads, every field optional and nullable, because
// OpenAI-compatible vendors differ in what they omit or send as null (../shared/protocols/).
const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const usageSchema = Type.Object({
  prompt_tokens: Maybe(Type.Number()),
  completion_tokens: Maybe(Type.Number()),
  total_tokens: Maybe(Type.Number()),
  prompt_tokens_details: Maybe(Type.Object({ cached_tokens: Maybe(Type.Number()) })),
  completion_tokens_details: Maybe(Type.Object({ reasoning_tokens: Maybe(Type.Number()) })),
  // DeepSeek reports its cache hits here (chinese-providers.md).
  prompt_cache_hit_tokens: Maybe(Type.Number()),
  // Moonshot reports cached tokens at the top of usage.
  cached_tokens: Maybe(Type.Number()),
});
export type OpenAICompatibleUsage = Static<typeof usageSchema>;

const toolCallSchema = Type.Object({
  index: Maybe(Type.Number()),
  id: Maybe(Type.String()),
  type: Maybe(Type.String()),
  function: Maybe(Type.Object({ name: Maybe(Type.String()), arguments: Maybe(Type.String()) })),
});

const messageSchema = Type.Object({
  role: Maybe(Type.String()),
  content: Maybe(Type.String()),
  reasoning_content: Maybe(Type.String()),
  tool_calls: Maybe(Type.Array(toolCallSchema)),
});

const chatResponseSchema = Type.Object({
  id: Maybe(Type.String()),
  choices: Type.Array(Type.Object({
    index: Maybe(Type.Number()),
    message: Maybe(messageSchema),
    finish_reason: Maybe(Type.String()),
  })),
  usage: Maybe(usageSchema),
});
export type OpenAICompatibleChatResponse = Static<typeof chatResponseSchema>;

const errorObjectSchema = Type.Object({
  message: Maybe(Type.String()),
  code: Maybe(Type.Union([Type.String(), Type.Number()])),
  type: Maybe(Type.String()),
});

const chunkSchema = Type.Object({
  id: Maybe(Type.String()),
  choices: Maybe(Type.Array(Type.Object({
    index: Maybe(Type.Number()),
    delta: Maybe(messageSchema),
    finish_reason: Maybe(Type.String()),
    // Moonshot puts usage inside the final choice (chinese-providers.md).
    usage: Maybe(usageSchema),
  }))),
  usage: Maybe(usageSchema),
  error: Maybe(Type.Union([errorObjectSchema, Type.String()])),
});
export type OpenAICompatibleChunk = Static<typeof chunkSchema>;

const embeddingResponseSchema = Type.Object({
  data: Type.Array(Type.Object({ index: Maybe(Type.Number()), embedding: Type.Array(Type.Number()) })),
  usage: Maybe(usageSchema),
});
export type OpenAICompatibleEmbeddingResponse = Static<typeof embeddingResponseSchema>;

const modelListSchema = Type.Object({
  data: Type.Array(Type.Object({ id: Type.String(), owned_by: Maybe(Type.String()) })),
});
export type OpenAICompatibleModelList = Static<typeof modelListSchema>;

export const isChatResponse = compileOnFirstUse(chatResponseSchema);
export const isChunk = compileOnFirstUse(chunkSchema);
export const isEmbeddingResponse = compileOnFirstUse(embeddingResponseSchema);
export const isModelList = compileOnFirstUse(modelListSchema);
