import { UnsupportedParameterError } from '../../errors/index.js';
import type { ChatRequest, ToolChoice, Warning } from '../../spec/index.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';

/** What the body builder needs to know about the model being called. */
export interface MessagesBodyOptions {
  /** The upstream model id. */
  modelId: string;
  /** Output limit used when the request has none (the Messages API requires `max_tokens`). */
  defaultMaxTokens: number;
  /** Where that default comes from, for the warning, e.g. `providers.anthropic.defaultMaxTokens`. */
  defaultMaxTokensSource: string;
}

function wireToolChoice(choice: ToolChoice): Record<string, unknown> {
  if (choice === 'required') return { type: 'any' };
  if (typeof choice === 'string') return { type: choice };
  return { type: 'tool', name: choice.name };
}

function unsupported(warnings: Warning[], param: string, present: boolean): void {
  if (present) warnings.push({ code: 'unsupported-parameter', param, message: `Anthropic's Messages API has no ${param}; it was not sent.` });
}

/**
 * The Messages API body for a spec request, plus warnings for what Anthropic cannot honour
 * (../shared/protocols/anthropic.md §2). Throws for what it cannot express at all (`n` > 1).
 */
export function buildMessagesBody(request: ChatRequest, options: MessagesBodyOptions, stream: boolean): { body: Record<string, unknown>; warnings: Warning[] } {
  if (request.n !== undefined && request.n > 1) {
    throw new UnsupportedParameterError('Anthropic returns one answer per request; n must be 1.', { param: 'n' });
  }
  const { system, messages, warnings } = convertToAnthropicMessages(request.messages);
  const body: Record<string, unknown> = { model: options.modelId, messages };
  if (system) body.system = system;
  if (request.maxTokens !== undefined) {
    body.max_tokens = request.maxTokens;
  } else {
    body.max_tokens = options.defaultMaxTokens;
    warnings.push({
      code: 'parameter-adjusted', param: 'max_tokens',
      message: `Anthropic requires max_tokens and the request had none; ${options.defaultMaxTokens} (${options.defaultMaxTokensSource}) was sent.`,
    });
  }
  if (request.temperature !== undefined) {
    body.temperature = Math.min(request.temperature, 1);
    if (request.temperature > 1) {
      warnings.push({ code: 'parameter-adjusted', param: 'temperature', message: `Anthropic's temperature range is 0–1; ${request.temperature} was sent as 1.` });
    }
  }
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop?.length) body.stop_sequences = request.stop;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  unsupported(warnings, 'seed', request.seed !== undefined);
  unsupported(warnings, 'presence_penalty', request.presencePenalty !== undefined);
  unsupported(warnings, 'frequency_penalty', request.frequencyPenalty !== undefined);
  unsupported(warnings, 'response_format', request.responseFormat !== undefined && request.responseFormat.type !== 'text');
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      input_schema: tool.parameters ?? { type: 'object', properties: {} },
      ...(tool.strict !== undefined && { strict: tool.strict }),
    }));
  }
  if (request.toolChoice !== undefined || request.parallelToolCalls === false) {
    const choice = wireToolChoice(request.toolChoice ?? 'auto');
    if (request.parallelToolCalls === false && choice.type !== 'none') choice.disable_parallel_tool_use = true;
    body.tool_choice = choice;
  }
  if (request.providerOptions) {
    for (const [key, value] of Object.entries(request.providerOptions)) {
      if (!(key in body)) body[key] = value;
    }
  }
  if (stream) body.stream = true;
  else delete body.stream;
  return { body, warnings };
}
