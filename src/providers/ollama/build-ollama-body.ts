import type { ChatRequest, Warning } from '../../spec/index.js';
import { convertToOllamaMessages } from './convert-to-ollama-messages.js';

// Top-level `/api/chat` fields a provider option may set; any other option goes into `options`
// (`api.Options`: top_k, num_ctx, min_p, repeat_penalty, …) (ollama.md §2).
const topLevelFields = new Set(['think', 'keep_alive', 'format', 'options']);

/** The `/api/chat` wire body for a spec request; `stream` is always explicit (the server streams by default). */
export function buildOllamaBody(request: ChatRequest, modelId: string, stream: boolean): { body: Record<string, unknown>; warnings: Warning[] } {
  const { messages, warnings } = convertToOllamaMessages(request.messages);
  const options: Record<string, unknown> = {};
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.topP !== undefined) options.top_p = request.topP;
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.stop !== undefined) options.stop = request.stop;
  if (request.seed !== undefined) options.seed = request.seed;
  if (request.presencePenalty !== undefined) options.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) options.frequency_penalty = request.frequencyPenalty;
  const body: Record<string, unknown> = { model: modelId, messages, stream };
  if (request.tools?.length && request.toolChoice !== 'none') {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, ...(tool.description !== undefined && { description: tool.description }), parameters: tool.parameters ?? { type: 'object', properties: {} } },
    }));
  }
  const format = request.responseFormat;
  if (format?.type === 'json_object') body.format = 'json';
  if (format?.type === 'json_schema') body.format = format.schema ?? 'json';
  const unsupported: [string, boolean][] = [
    ['n', request.n !== undefined && request.n !== 1],
    ['tool_choice', typeof request.toolChoice === 'object' || request.toolChoice === 'required'],
    ['parallel_tool_calls', request.parallelToolCalls !== undefined],
    ['user', request.user !== undefined],
  ];
  for (const [param, present] of unsupported) {
    if (present) warnings.push({ code: 'unsupported-parameter', param, message: `Ollama does not support ${param}; it was not sent.` });
  }
  for (const [key, value] of Object.entries(request.providerOptions ?? {})) {
    if (key === 'options' && typeof value === 'object' && value !== null) Object.assign(options, value);
    else if (topLevelFields.has(key)) body[key] ??= value;
    // OpenAI clients ask for thinking with reasoning_effort; Ollama's `think` takes the same levels.
    else if (key === 'reasoning_effort') body.think ??= value;
    else options[key] ??= value;
  }
  if (Object.keys(options).length > 0) body.options = options;
  return { body, warnings };
}
