import type { ChatRequest, ToolChoice, Warning } from '../../spec/index.js';
import { convertToOpenAICompatibleMessages } from './convert-to-openai-compatible-messages.js';
import type { OpenAICompatiblePreset } from './openai-compatible-preset.js';

function wireToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

/** The Chat Completions wire body for a spec request, plus warnings for what the vendor cannot take. */
export function buildChatBody(
  request: ChatRequest, modelId: string, preset: OpenAICompatiblePreset, stream: boolean,
): { body: Record<string, unknown>; warnings: Warning[] } {
  const body: Record<string, unknown> = {
    model: modelId,
    messages: convertToOpenAICompatibleMessages(request.messages, { echoReasoning: preset.echoReasoning }),
  };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.maxTokens !== undefined) body[preset.maxTokensField] = request.maxTokens;
  if (request.stop !== undefined) body.stop = request.stop;
  if (request.n !== undefined) body.n = request.n;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.user !== undefined) body.user = request.user;
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.tools?.length) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined && { description: tool.description }),
        ...(tool.parameters !== undefined && { parameters: tool.parameters }),
        ...(tool.strict !== undefined && { strict: tool.strict }),
      },
    }));
  }
  if (request.toolChoice !== undefined) body.tool_choice = wireToolChoice(request.toolChoice);
  if (request.responseFormat !== undefined) {
    const format = request.responseFormat;
    body.response_format = format.type === 'json_schema'
      ? { type: 'json_schema', json_schema: { name: format.name, description: format.description, schema: format.schema, strict: format.strict } }
      : { type: format.type };
  }
  if (request.providerOptions) {
    for (const [key, value] of Object.entries(request.providerOptions)) {
      if (!(key in body)) body[key] = value;
    }
  }
  if (stream) {
    body.stream = true;
    // Qiao always asks for usage so every stream can be accounted for; the dialect decides what the client sees.
    if (preset.supportsStreamUsage) body.stream_options = { ...(body.stream_options as object | undefined), include_usage: true };
  } else {
    delete body.stream;
    delete body.stream_options;
  }
  const warnings: Warning[] = [];
  for (const parameter of preset.unsupportedParameters) {
    if (!(parameter in body)) continue;
    delete body[parameter];
    if (parameter === 'stream_options') continue;
    warnings.push({ code: 'unsupported-parameter', param: parameter, message: `${preset.displayName} does not support ${parameter}; it was not sent.` });
  }
  return { body, warnings };
}
