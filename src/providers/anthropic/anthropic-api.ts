import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { compileOnFirstUse } from '../compile-on-first-use.js';

// Loose schemas: only the fields Qiao reads, optional and nullable, unknown fields and block or
// event types allowed, so newer API additions do not break reading (../shared/protocols/anthropic.md).
const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const usageSchema = Type.Object({
  input_tokens: Maybe(Type.Number()),
  output_tokens: Maybe(Type.Number()),
  cache_creation_input_tokens: Maybe(Type.Number()),
  cache_read_input_tokens: Maybe(Type.Number()),
});
export type AnthropicUsage = Static<typeof usageSchema>;

/** A response content block; `type` says which of the other fields are set. */
const contentBlockSchema = Type.Object({
  type: Type.String(),
  text: Maybe(Type.String()),
  thinking: Maybe(Type.String()),
  id: Maybe(Type.String()),
  name: Maybe(Type.String()),
  input: Maybe(Type.Unknown()),
});
export type AnthropicContentBlock = Static<typeof contentBlockSchema>;

const messageSchema = Type.Object({
  id: Maybe(Type.String()),
  model: Maybe(Type.String()),
  content: Type.Array(contentBlockSchema),
  stop_reason: Maybe(Type.String()),
  stop_sequence: Maybe(Type.String()),
  usage: Maybe(usageSchema),
});
export type AnthropicMessage = Static<typeof messageSchema>;

const errorObjectSchema = Type.Object({ type: Maybe(Type.String()), message: Maybe(Type.String()) });
export type AnthropicErrorObject = Static<typeof errorObjectSchema>;

/** One streamed event's `data`; which fields are set depends on `type`. */
const streamEventSchema = Type.Object({
  type: Type.String(),
  index: Maybe(Type.Number()),
  message: Maybe(Type.Object({ id: Maybe(Type.String()), usage: Maybe(usageSchema) })),
  content_block: Maybe(contentBlockSchema),
  delta: Maybe(Type.Object({
    type: Maybe(Type.String()),
    text: Maybe(Type.String()),
    partial_json: Maybe(Type.String()),
    thinking: Maybe(Type.String()),
    stop_reason: Maybe(Type.String()),
  })),
  usage: Maybe(usageSchema),
  error: Maybe(errorObjectSchema),
});
export type AnthropicStreamEvent = Static<typeof streamEventSchema>;

const modelListSchema = Type.Object({
  data: Type.Array(Type.Object({ id: Type.String(), display_name: Maybe(Type.String()) })),
  has_more: Maybe(Type.Boolean()),
  last_id: Maybe(Type.String()),
});
export type AnthropicModelList = Static<typeof modelListSchema>;

export const isMessage = compileOnFirstUse(messageSchema);
export const isStreamEvent = compileOnFirstUse(streamEventSchema);
export const isModelList = compileOnFirstUse(modelListSchema);
