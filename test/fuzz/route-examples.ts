/**
 * A valid body per public route (the fuzzer mutates these into near-valid ones). Routes without an
 * entry get a generic body that carries the fields most endpoints read; new endpoints are fuzzed
 * with it until someone adds a better example here.
 */
const chatMessages = [{ role: 'user', content: 'hello fuzz' }];

const examples: Record<string, Record<string, unknown>> = {
  'POST /v1/chat/completions': { model: 'mock-echo', messages: chatMessages, temperature: 0, max_tokens: 8, stream: false, stop: ['x'], n: 1, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }], tool_choice: 'auto' },
  'POST /v1/completions': { model: 'mock-echo', prompt: 'hello', max_tokens: 8, stream: false, echo: false },
  'POST /v1/embeddings': { model: 'mock/mock-embed', input: ['a', 'b'], encoding_format: 'float', dimensions: 4 },
  'POST /v1/messages': { model: 'mock-echo', max_tokens: 8, messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], system: 'be brief', stream: false, temperature: 0, tools: [{ name: 't', input_schema: { type: 'object' } }], tool_choice: { type: 'auto' } },
  'POST /v1/messages/count_tokens': { model: 'mock-echo', messages: [{ role: 'user', content: 'count me' }], system: [{ type: 'text', text: 'sys' }] },
  'POST /config': { provider_type: 'mock', model: 'mock-echo', timeout: 30, max_retries: 1 },
  'POST /chat': { messages: chatMessages, generation_config: { temperature: 0.5, max_tokens: 8 } },
  'POST /chat/stream': { messages: chatMessages, generation_config: { temperature: 0.5 } },
  'POST /api/v1/generate': { model: 'mock:mock-echo', prompt: 'hello', max_tokens: 8, stop: ['z'], stream: false },
  'POST /api/v1/embed': { model: 'mock:mock-embed', input: 'hello', dimensions: 4 },
  'POST /api/v1/chat': { model: 'mock:mock-echo', messages: chatMessages, temperature: 0 },
  'POST /api/v1/chat/stream': { model: 'mock:mock-echo', messages: chatMessages },
  'POST /api/chat': { model: 'mock-echo', messages: chatMessages, temperature: 0.2 },
  'POST /v1/workflows/:id/runs': { parameters: { input: 'x' }, stream: false },
  'POST /v1/workflows/:provider/:id/runs': { parameters: { input: 'x' }, stream: true },
  'POST /ai/chat': { service_type: 'chat', service_name: 'mock', messages: chatMessages, parameters: { model: 'mock-echo', temperature: 0 } },
  'POST /ai/chat/stream': { service_type: 'chat', service_name: 'mock', messages: chatMessages, stream: true },
  'POST /ai/workflow': { service_type: 'workflow', service_name: 'mock', parameters: { workflow_id: 'w', input: 'x' } },
  'POST /ai/workflow/stream': { service_type: 'workflow', parameters: { workflow_id: 'w' }, stream: true },
};

const generic = { model: 'mock-echo', messages: chatMessages, prompt: 'hello', input: 'hello', name: 'fuzz' };

/** A valid (or, for routes without an example, plausible) body for `METHOD /route/:param`. */
export function exampleBody(method: string, url: string): Record<string, unknown> {
  return structuredClone(examples[`${method} ${url}`] ?? generic);
}
