import type { ChatMessage, ChatRequest, Warning } from '../../spec/index.js';

function textOf(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  if (message.content === null) return '';
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/**
 * TGI's `/generate` takes one prompt string and applies no chat template (huggingface.md §1):
 * a lone user turn (after optional system turns) is sent as it is; a longer conversation is
 * joined as a plain `Role: text` transcript, with a warning pointing at the Messages API type.
 */
function renderPrompt(messages: ChatMessage[], warnings: Warning[]): string {
  const system = messages.filter((message) => message.role === 'system').map(textOf);
  const turns = messages.filter((message) => message.role !== 'system');
  if (messages.some((message) => typeof message.content !== 'string' && message.content?.some((part) => part.type !== 'text'))) {
    warnings.push({ code: 'unsupported-content', param: 'messages', message: 'TGI /generate takes text only; non-text parts were not sent.' });
  }
  if (turns.length === 1 && turns[0]!.role === 'user') return [...system, textOf(turns[0]!)].join('\n\n');
  warnings.push({
    code: 'parameter-adjusted', param: 'messages',
    message: 'TGI /generate takes one prompt without a chat template; the conversation was sent as a plain transcript. Use type "tgi" (Messages API) for chat.',
  });
  const names = { user: 'User', assistant: 'Assistant', tool: 'Tool' } as const;
  const lines = turns.map((message) => `${names[message.role as keyof typeof names]}: ${textOf(message)}`);
  return [...system, ...lines, 'Assistant:'].join('\n\n');
}

/** The `/generate` (and `/generate_stream`) wire body for a spec request. */
export function buildTgiBody(request: ChatRequest): { body: Record<string, unknown>; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const inputs = renderPrompt(request.messages, warnings);
  // `details` carries the finish reason and token counts.
  const parameters: Record<string, unknown> = { details: true };
  if (request.maxTokens !== undefined) parameters.max_new_tokens = request.maxTokens;
  if (request.temperature !== undefined) {
    // TGI requires temperature > 0; 0 means greedy decoding, which is its default without sampling.
    if (request.temperature > 0) parameters.temperature = request.temperature;
    else warnings.push({ code: 'parameter-adjusted', param: 'temperature', message: 'TGI takes temperature > 0 only; 0 was sent as greedy decoding (no temperature).' });
  }
  if (request.topP !== undefined) parameters.top_p = request.topP;
  if (request.stop !== undefined) parameters.stop = request.stop;
  if (request.seed !== undefined) parameters.seed = request.seed;
  if (request.frequencyPenalty !== undefined) parameters.frequency_penalty = request.frequencyPenalty;
  const format = request.responseFormat;
  if (format?.type === 'json_schema' && format.schema) parameters.grammar = { type: 'json', value: format.schema };
  if (format?.type === 'json_object') parameters.grammar = { type: 'json', value: { type: 'object' } };
  const unsupported: [string, boolean][] = [
    ['tools', Boolean(request.tools?.length)], ['tool_choice', request.toolChoice !== undefined], ['n', request.n !== undefined && request.n !== 1],
    ['presence_penalty', request.presencePenalty !== undefined], ['user', request.user !== undefined],
  ];
  for (const [param, present] of unsupported) {
    if (present) warnings.push({ code: 'unsupported-parameter', param, message: `TGI /generate does not support ${param}; it was not sent.` });
  }
  // Provider options are `GenerateParameters` fields (top_k, repetition_penalty, typical_p, …).
  for (const [key, value] of Object.entries(request.providerOptions ?? {})) parameters[key] ??= value;
  return { body: { inputs, parameters }, warnings };
}
