import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { compileOnFirstUse } from '../compile-on-first-use.js';

// Loose schemas for TGI and TEI (../shared/protocols/huggingface.md; TGI/TEI `docs/openapi.json`).
const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const detailsSchema = Type.Object({
  finish_reason: Maybe(Type.String()),
  generated_tokens: Maybe(Type.Number()),
  input_length: Maybe(Type.Number()),
});

/** TGI `GenerateResponse` (`POST /generate`). */
const generateResponseSchema = Type.Object({ generated_text: Type.String(), details: Maybe(detailsSchema) });
export type TgiGenerateResponse = Static<typeof generateResponseSchema>;

/** One TGI `/generate_stream` event (`StreamResponse`), or the `ErrorResponse` sent as an event. */
const streamEventSchema = Type.Object({
  index: Maybe(Type.Number()),
  token: Maybe(Type.Object({ id: Maybe(Type.Number()), text: Maybe(Type.String()), special: Maybe(Type.Boolean()) })),
  generated_text: Maybe(Type.String()),
  details: Maybe(detailsSchema),
  error: Maybe(Type.String()),
  error_type: Maybe(Type.String()),
});
export type TgiStreamEvent = Static<typeof streamEventSchema>;

/** TEI `EmbedResponse`: a bare array of vectors, one per input. */
const embedResponseSchema = Type.Array(Type.Array(Type.Number()));

/** TGI/TEI `ErrorResponse`. */
const errorResponseSchema = Type.Object({ error: Type.String(), error_type: Maybe(Type.String()) });

export const isGenerateResponse = compileOnFirstUse(generateResponseSchema);
export const isStreamEvent = compileOnFirstUse(streamEventSchema);
export const isEmbedResponse = compileOnFirstUse(embedResponseSchema);
export const isErrorResponse = compileOnFirstUse(errorResponseSchema);
