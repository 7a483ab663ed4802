/**
 * A tiny stand-in for model servers, so the examples run offline: it speaks OpenAI's chat completions
 * (JSON and SSE) and embeddings, and Ollama's native /api/chat (NDJSON), /api/tags and /api/embed.
 * Answers are "<model> says: <last user message>"; embeddings are letter counts. `failing: true`
 * answers every chat call with 503 (to show fallback). Not part of Qiao; for the examples only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Body { model?: string; messages?: { role: string; content: string }[]; stream?: boolean; input?: string | string[] }

const lastUserText = (body: Body) => [...(body.messages ?? [])].reverse().find((message) => message.role === 'user')?.content ?? '';
const letterCounts = (text: string) => Array.from({ length: 26 }, (_, i) => [...text.toLowerCase()].filter((c) => c.charCodeAt(0) === 97 + i).length + 0.01);

async function readBody(request: IncomingMessage): Promise<Body> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) as Body : {};
}

function json(response: ServerResponse, status: number, value: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

function openAIChat(response: ServerResponse, body: Body) {
  const words = `${body.model} says: ${lastUserText(body)}`.split(/(?<= )/);
  if (!body.stream) {
    return json(response, 200, {
      id: 'chatcmpl-fake', object: 'chat.completion', created: 0, model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: words.join('') }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: words.length, total_tokens: 5 + words.length },
    });
  }
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta: object, finish: string | null) => `data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  response.write(chunk({ role: 'assistant', content: '' }, null));
  for (const word of words) response.write(chunk({ content: word }, null));
  response.end(`${chunk({}, 'stop')}data: [DONE]\n\n`);
}

function ollamaChat(response: ServerResponse, body: Body) {
  const words = `${body.model} says: ${lastUserText(body)}`.split(/(?<= )/);
  const line = (value: object) => `${JSON.stringify({ model: body.model, created_at: new Date(0).toISOString(), ...value })}\n`;
  if (body.stream === false) {
    return json(response, 200, { model: body.model, message: { role: 'assistant', content: words.join('') }, done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: words.length });
  }
  response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  for (const word of words) response.write(line({ message: { role: 'assistant', content: word }, done: false }));
  response.end(line({ message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: words.length }));
}

/** Starts the fake on 127.0.0.1 (random port); `models` are what /api/tags and /v1/models list. */
export async function startFakeModelServer(options: { models?: string[]; failing?: boolean } = {}) {
  const models = options.models ?? ['llama3:latest', 'gpt-4o-mini'];
  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const path = request.url?.split('?')[0];
      if (options.failing && /chat/.test(path ?? '')) return json(response, 503, { error: { message: 'overloaded', type: 'server_error' } });
      switch (`${request.method} ${path}`) {
        case 'POST /v1/chat/completions': return openAIChat(response, body);
        case 'POST /v1/embeddings': {
          const inputs = typeof body.input === 'string' ? [body.input] : body.input ?? [];
          return json(response, 200, { object: 'list', model: body.model, data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: letterCounts(text) })), usage: { prompt_tokens: 1, total_tokens: 1 } });
        }
        case 'GET /v1/models': return json(response, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', owned_by: 'fake' })) });
        case 'POST /api/chat': return ollamaChat(response, body);
        case 'POST /api/embed': {
          const inputs = typeof body.input === 'string' ? [body.input] : body.input ?? [];
          return json(response, 200, { model: body.model, embeddings: inputs.map(letterCounts) });
        }
        case 'GET /api/tags': return json(response, 200, { models: models.map((name) => ({ name, model: name })) });
        default: return json(response, 404, { error: { message: `no route ${request.method} ${path}` } });
      }
    }).catch((error: unknown) => json(response, 400, { error: { message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
