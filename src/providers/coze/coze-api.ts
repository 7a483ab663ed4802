import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { compileOnFirstUse } from '../compile-on-first-use.js';

// Loose schemas: only the fields Qiao reads (../shared/protocols/coze.md).
const Maybe = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

const usageSchema = Type.Object({
  token_count: Maybe(Type.Number()),
  output_count: Maybe(Type.Number()),
  input_count: Maybe(Type.Number()),
});
export type CozeUsage = Static<typeof usageSchema>;

/** The `{code, msg}` envelope every Coze answer has; `code != 0` is an error even with HTTP 200. */
const envelopeSchema = Type.Object({
  code: Maybe(Type.Number()),
  msg: Maybe(Type.String()),
  data: Type.Optional(Type.Unknown()),
});
export const isEnvelope = compileOnFirstUse(envelopeSchema);

/** The chat object of create/retrieve and of `conversation.chat.*` events. */
const chatSchema = Type.Object({
  id: Type.String(),
  conversation_id: Type.String(),
  status: Maybe(Type.String()),
  last_error: Maybe(Type.Object({ code: Maybe(Type.Number()), msg: Maybe(Type.String()) })),
  usage: Maybe(usageSchema),
});
export type CozeChat = Static<typeof chatSchema>;
export const isChat = compileOnFirstUse(chatSchema);

/** A message of `conversation.message.*` events and of the message list. */
const messageSchema = Type.Object({
  id: Maybe(Type.String()),
  role: Maybe(Type.String()),
  type: Maybe(Type.String()),
  content: Maybe(Type.String()),
  content_type: Maybe(Type.String()),
  reasoning_content: Maybe(Type.String()),
});
export type CozeMessage = Static<typeof messageSchema>;
export const isMessage = compileOnFirstUse(messageSchema);
export const isMessageList = compileOnFirstUse(Type.Array(messageSchema));

/** The in-stream `error` event of chat v3. */
export const isChatError = compileOnFirstUse(Type.Object({ code: Maybe(Type.Number()), msg: Maybe(Type.String()) }));

/** `POST /v1/workflow/run`: the envelope's `data` is a JSON-encoded string of the end node's output. */
const workflowRunSchema = Type.Object({
  code: Maybe(Type.Number()),
  msg: Maybe(Type.String()),
  data: Maybe(Type.String()),
  debug_url: Maybe(Type.String()),
  execute_id: Maybe(Type.String()),
  usage: Maybe(usageSchema),
});
export const isWorkflowRun = compileOnFirstUse(workflowRunSchema);

/** The data of the workflow stream's `Message` event. */
export const isWorkflowMessage = compileOnFirstUse(Type.Object({
  content: Maybe(Type.String()),
  node_title: Maybe(Type.String()),
  node_is_finish: Maybe(Type.Boolean()),
  usage: Maybe(usageSchema),
}));

/** The data of the workflow stream's `Error` event. */
export const isWorkflowError = compileOnFirstUse(Type.Object({
  error_code: Maybe(Type.Number()),
  error_message: Maybe(Type.String()),
}));

/** The data of the workflow stream's `Interrupt` event. */
export const isWorkflowInterrupt = compileOnFirstUse(Type.Object({
  interrupt_data: Type.Object({ event_id: Type.String(), type: Maybe(Type.Number()) }),
  node_title: Maybe(Type.String()),
}));

/** The data of the workflow stream's `Done` event. */
export const isWorkflowDone = compileOnFirstUse(Type.Object({ debug_url: Maybe(Type.String()) }));
