import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { compileOnFirstUse } from '../compile-on-first-use.js';

// Loose schemas: only the fields Qiao reads (../shared/protocols/ollama.md; `api/types.go` JSON tags, `omitempty`).
const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const toolCallSchema = Type.Object({
  id: Maybe(Type.String()),
  function: Type.Object({
    index: Maybe(Type.Number()),
    name: Type.String(),
    // An object on the wire; tolerate a JSON string from older or patched servers.
    arguments: Maybe(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.String()])),
  }),
});

/** One `/api/chat` NDJSON line (or the whole non-stream answer), or the mid-stream `{"error":…}` line. */
const chatLineSchema = Type.Object({
  model: Maybe(Type.String()),
  message: Maybe(Type.Object({
    role: Maybe(Type.String()),
    content: Maybe(Type.String()),
    thinking: Maybe(Type.String()),
    tool_calls: Maybe(Type.Array(toolCallSchema)),
  })),
  done: Maybe(Type.Boolean()),
  done_reason: Maybe(Type.String()),
  prompt_eval_count: Maybe(Type.Number()),
  eval_count: Maybe(Type.Number()),
  error: Maybe(Type.String()),
});
export type OllamaChatLine = Static<typeof chatLineSchema>;

const embedResponseSchema = Type.Object({
  embeddings: Type.Array(Type.Array(Type.Number())),
  prompt_eval_count: Maybe(Type.Number()),
});

const tagsSchema = Type.Object({
  models: Maybe(Type.Array(Type.Object({
    name: Type.String(),
    model: Maybe(Type.String()),
    details: Maybe(Type.Object({ family: Maybe(Type.String()), families: Maybe(Type.Array(Type.String())) })),
  }))),
});

export const isChatLine = compileOnFirstUse(chatLineSchema);
export const isEmbedResponse = compileOnFirstUse(embedResponseSchema);
export const isTags = compileOnFirstUse(tagsSchema);
