import type { ChatRequest, ToolChoice, Warning } from '../../spec/index.js';
import { convertToGeminiMessages } from './convert-to-gemini-messages.js';
import { toGeminiParameters } from './gemini-schema.js';

// `generationConfig` fields (js-genai `generateContentConfigToMldev`); provider options with these
// names (camelCase or snake_case) go inside it, the top-level ones beside it (gemini.md §2).
const generationConfigFields = new Set([
  'temperature', 'topP', 'topK', 'candidateCount', 'maxOutputTokens', 'stopSequences', 'responseMimeType', 'responseSchema',
  'responseJsonSchema', 'presencePenalty', 'frequencyPenalty', 'seed', 'responseLogprobs', 'logprobs', 'responseModalities',
  'thinkingConfig', 'speechConfig', 'mediaResolution', 'imageConfig',
]);
const topLevelFields = new Set(['safetySettings', 'cachedContent', 'toolConfig', 'tools', 'labels']);

const camelCase = (name: string): string => name.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

function functionCallingConfig(choice: ToolChoice): Record<string, unknown> {
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'none') return { mode: 'NONE' };
  if (choice === 'required') return { mode: 'ANY' };
  return { mode: 'ANY', allowedFunctionNames: [choice.name] };
}

/** The `generateContent` wire body for a spec request, plus warnings for what Gemini cannot take. */
export function buildGeminiBody(request: ChatRequest): { body: Record<string, unknown>; warnings: Warning[] } {
  const { systemInstruction, contents, warnings } = convertToGeminiMessages(request.messages);
  const config: Record<string, unknown> = {};
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.stop !== undefined) config.stopSequences = request.stop;
  if (request.n !== undefined) config.candidateCount = request.n;
  if (request.seed !== undefined) config.seed = request.seed;
  if (request.presencePenalty !== undefined) config.presencePenalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) config.frequencyPenalty = request.frequencyPenalty;
  const format = request.responseFormat;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    if (format.schema) config.responseJsonSchema = format.schema;
  }
  const body: Record<string, unknown> = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  if (request.tools?.length) {
    body.tools = [{
      functionDeclarations: request.tools.map((tool) => {
        const parameters = toGeminiParameters(tool.parameters);
        return { name: tool.name, ...(tool.description !== undefined && { description: tool.description }), ...(parameters && { parameters }) };
      }),
    }];
  }
  if (request.toolChoice !== undefined && request.tools?.length) body.toolConfig = { functionCallingConfig: functionCallingConfig(request.toolChoice) };
  for (const [param, present] of [['user', request.user !== undefined], ['parallel_tool_calls', request.parallelToolCalls !== undefined]] as const) {
    if (present) warnings.push({ code: 'unsupported-parameter', param, message: `Gemini does not support ${param}; it was not sent.` });
  }
  for (const [key, value] of Object.entries(request.providerOptions ?? {})) {
    const name = camelCase(key);
    if (generationConfigFields.has(name)) config[name] ??= value;
    else if (topLevelFields.has(name)) body[name] ??= value;
    else warnings.push({ code: 'unsupported-parameter', param: key, message: `Gemini does not support ${key}; it was not sent.` });
  }
  body.generationConfig = config;
  return { body, warnings };
}
