import { InvalidRequestError } from '../../errors/index.js';
import type { ChatRequest } from '../../spec/index.js';
import type { PlatformBody } from './ai-platform-schemas.js';

const number = (parameters: Record<string, unknown>, name: string): number | undefined => {
  const value = parameters[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidRequestError(`parameters.${name} must be a number.`, { param: `parameters.${name}` });
  return value;
};

/** Parameters that pick the service's model rather than travel to it. */
const routing = new Set(['model', 'bot_id', 'workflow_id']);
const sampling: Record<string, 'temperature' | 'maxTokens' | 'topP'> = { temperature: 'temperature', max_tokens: 'maxTokens', top_p: 'topP' };

/** A chat call's spec request: messages, sampling parameters, `user_id`; other parameters (e.g. `conversation_id`) pass to the provider. */
export function toChatRequest(body: PlatformBody): ChatRequest {
  if (!body.messages?.length) throw new InvalidRequestError('Missing messages: send at least one {"role": "user", "content": "…"}.', { param: 'messages' });
  const parameters = body.parameters ?? {};
  const request: ChatRequest = { messages: body.messages.map((message) => ({ role: message.role, content: message.content })) };
  for (const [name, field] of Object.entries(sampling)) {
    const value = number(parameters, name);
    if (value !== undefined) request[field] = value;
  }
  if (typeof parameters.user_id === 'string') request.user = parameters.user_id;
  for (const [key, value] of Object.entries(parameters)) {
    if (routing.has(key) || key in sampling) continue;
    (request.providerOptions ??= {})[key] = value;
  }
  return request;
}

/** A workflow call: its id, its start-node inputs, and what else travels to the provider. */
export interface PlatformWorkflowCall {
  workflowId?: string;
  inputs: Record<string, unknown>;
  providerOptions?: Record<string, unknown>;
}

/**
 * `parameters.workflow_id` names the workflow. Its inputs are `parameters.parameters` when that is
 * an object (the other keys then travel to the provider, e.g. `bot_id`), else every other key.
 */
export function toWorkflowCall(body: PlatformBody): PlatformWorkflowCall {
  const { workflow_id: workflowId, ...rest } = body.parameters ?? {};
  if (workflowId !== undefined && (typeof workflowId !== 'string' || !workflowId)) {
    throw new InvalidRequestError('parameters.workflow_id must be a non-empty string.', { param: 'parameters.workflow_id' });
  }
  const nested = rest.parameters;
  if (nested && typeof nested === 'object' && !Array.isArray(nested)) {
    const { parameters: _inputs, ...options } = rest;
    return { workflowId, inputs: nested as Record<string, unknown>, ...(Object.keys(options).length && { providerOptions: options }) };
  }
  return { workflowId, inputs: rest };
}
