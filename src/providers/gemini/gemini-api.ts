import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { compileOnFirstUse } from '../compile-on-first-use.js';

// Loose schemas: only the fields Qiao reads, every field optional (../shared/protocols/gemini.md §3).
const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const partSchema = Type.Object({
  text: Maybe(Type.String()),
  thought: Maybe(Type.Boolean()),
  thoughtSignature: Maybe(Type.String()),
  functionCall: Maybe(Type.Object({
    id: Maybe(Type.String()),
    name: Type.String(),
    args: Maybe(Type.Record(Type.String(), Type.Unknown())),
  })),
});
export type GeminiPart = Static<typeof partSchema>;

const usageSchema = Type.Object({
  promptTokenCount: Maybe(Type.Number()),
  candidatesTokenCount: Maybe(Type.Number()),
  totalTokenCount: Maybe(Type.Number()),
  thoughtsTokenCount: Maybe(Type.Number()),
  cachedContentTokenCount: Maybe(Type.Number()),
  toolUsePromptTokenCount: Maybe(Type.Number()),
});
export type GeminiUsage = Static<typeof usageSchema>;

const errorSchema = Type.Object({
  code: Maybe(Type.Number()),
  message: Maybe(Type.String()),
  status: Maybe(Type.String()),
});

/** One `GenerateContentResponse`: the whole non-stream answer, or one `alt=sse` event. */
const responseSchema = Type.Object({
  candidates: Maybe(Type.Array(Type.Object({
    index: Maybe(Type.Number()),
    content: Maybe(Type.Object({ role: Maybe(Type.String()), parts: Maybe(Type.Array(partSchema)) })),
    finishReason: Maybe(Type.String()),
  }))),
  promptFeedback: Maybe(Type.Object({ blockReason: Maybe(Type.String()) })),
  usageMetadata: Maybe(usageSchema),
  responseId: Maybe(Type.String()),
  modelVersion: Maybe(Type.String()),
  // The SDK checks every stream chunk for a top-level error object (gemini.md §5).
  error: Maybe(errorSchema),
});
export type GeminiResponse = Static<typeof responseSchema>;

const embedResponseSchema = Type.Object({ embedding: Type.Object({ values: Type.Array(Type.Number()) }) });
const batchEmbedResponseSchema = Type.Object({ embeddings: Type.Array(Type.Object({ values: Type.Array(Type.Number()) })) });

const modelListSchema = Type.Object({
  models: Maybe(Type.Array(Type.Object({
    name: Type.String(),
    displayName: Maybe(Type.String()),
    inputTokenLimit: Maybe(Type.Number()),
    supportedGenerationMethods: Maybe(Type.Array(Type.String())),
  }))),
  nextPageToken: Maybe(Type.String()),
});
export type GeminiModelList = Static<typeof modelListSchema>;

export const isGeminiResponse = compileOnFirstUse(responseSchema);
export const isEmbedResponse = compileOnFirstUse(embedResponseSchema);
export const isBatchEmbedResponse = compileOnFirstUse(batchEmbedResponseSchema);
export const isModelList = compileOnFirstUse(modelListSchema);
