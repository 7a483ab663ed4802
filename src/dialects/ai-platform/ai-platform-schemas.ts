import { Type, type Static } from '@sinclair/typebox';

const serviceType = Type.Unsafe<'chat' | 'workflow' | 'embedding'>({ type: 'string', enum: ['chat', 'workflow', 'embedding'] });

const message = Type.Object({
  role: Type.Unsafe<'system' | 'user' | 'assistant'>({ type: 'string', enum: ['system', 'user', 'assistant'] }),
  content: Type.String(),
}, { additionalProperties: true });

/** The seed's request body (001 "AI中台"): one shape for every endpoint. */
export const platformBody = Type.Object({
  service_type: Type.Optional(serviceType),
  service_name: Type.Optional(Type.String({ minLength: 1, description: 'A service from GET /ai/services (coze, coze_workflow, a provider name) or a model name.' })),
  messages: Type.Optional(Type.Array(message)),
  parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'bot_id, workflow_id, model, temperature, max_tokens, … and workflow inputs.' })),
  stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
}, { additionalProperties: false });
export type PlatformBody = Static<typeof platformBody>;

export const servicesQuery = Type.Object({
  service_type: Type.Optional(Type.String({ description: 'Only services of this type: chat, workflow, embedding.' })),
}, { additionalProperties: true });
export type ServicesQuery = Static<typeof servicesQuery>;
