/**
 * Minimal OpenAI-compatible upstream for the benchmark.
 *
 * Every response is precomputed once at startup, so per request the upstream only reads (and
 * JSON-parses) the small request body and writes one buffer. That keeps its CPU cost as low as a
 * Node HTTP server allows, leaving the 2 cores to the load generator and the proxy under test.
 *
 *   node --import tsx bench/mock-upstream.ts [port]     (or PORT=...; 0 = any free port)
 *
 * Prints `READY <port>` on stdout once listening.
 *
 * The model `bench-slow` streams slowly instead: its first content chunk at once, then one every
 * BENCH_SLOW_INTERVAL_MS (default 1000) until BENCH_SLOW_CHUNKS (default 10) have gone, for
 * holding many streams open.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

const MODEL = 'bench-model';
const ID = 'chatcmpl-bench0000000000000000000000';
const CREATED = 1_700_000_000;
const CONTENT_CHUNKS = 20;

const usage = { prompt_tokens: 8, completion_tokens: CONTENT_CHUNKS, total_tokens: 8 + CONTENT_CHUNKS };

function chunk(delta: Record<string, unknown>, finishReason: string | null): string {
  return JSON.stringify({
    id: ID,
    object: 'chat.completion.chunk',
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
  });
}

function sseBody(includeUsage: boolean): Buffer {
  const events: string[] = [];
  events.push(chunk({ role: 'assistant', content: '' }, null));
  for (let i = 0; i < CONTENT_CHUNKS; i++) events.push(chunk({ content: `tok${i} ` }, null));
  events.push(chunk({}, 'stop'));
  if (includeUsage) {
    events.push(
      JSON.stringify({ id: ID, object: 'chat.completion.chunk', created: CREATED, model: MODEL, choices: [], usage }),
    );
  }
  events.push('[DONE]');
  return Buffer.from(events.map((e) => `data: ${e}\n\n`).join(''));
}

const JSON_BODY = Buffer.from(
  JSON.stringify({
    id: ID,
    object: 'chat.completion',
    created: CREATED,
    model: MODEL,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: Array.from({ length: CONTENT_CHUNKS }, (_, i) => `tok${i} `).join(''),
          refusal: null,
        },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage,
  }),
);
const SSE_BODY = sseBody(false);
const SSE_BODY_USAGE = sseBody(true);
const MODELS_BODY = Buffer.from(
  JSON.stringify({ object: 'list', data: [MODEL, 'bench-slow'].map((id) => ({ id, object: 'model', created: 0, owned_by: 'bench' })) }),
);

const JSON_HEADERS = { 'content-type': 'application/json', 'content-length': String(JSON_BODY.length) };
const MODELS_HEADERS = { 'content-type': 'application/json', 'content-length': String(MODELS_BODY.length) };
// No content-length: like a real upstream, the stream goes out with chunked transfer-encoding.
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

const SLOW_MODEL = 'bench-slow';
const SLOW_INTERVAL_MS = Number(process.env.BENCH_SLOW_INTERVAL_MS ?? 1000);
const SLOW_CHUNKS = Number(process.env.BENCH_SLOW_CHUNKS ?? 10);
const slowStreams = new Set<{ res: ServerResponse; sent: number }>();
const SLOW_FINISH = `data: ${chunk({}, 'stop')}\n\ndata: [DONE]\n\n`;

// One timer for every slow stream: thousands of open streams cost one tick each interval.
setInterval(() => {
  for (const stream of slowStreams) {
    if (stream.res.destroyed) {
      slowStreams.delete(stream);
      continue;
    }
    stream.res.write(`data: ${chunk({ content: `tok${stream.sent} ` }, null)}\n\n`);
    if (++stream.sent === SLOW_CHUNKS) {
      stream.res.end(SLOW_FINISH);
      slowStreams.delete(stream);
    }
  }
}, SLOW_INTERVAL_MS).unref();

function sendError(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code: null } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function handleChat(req: IncomingMessage, res: ServerResponse): void {
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    let body: { model?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown } | null };
    try {
      body = JSON.parse(parts.length === 1 ? parts[0]!.toString() : Buffer.concat(parts).toString());
    } catch {
      sendError(res, 400, 'request body is not valid JSON');
      return;
    }
    if (body === null || typeof body !== 'object') {
      sendError(res, 400, 'request body must be a JSON object');
      return;
    }
    if (body.stream === true && body.model === SLOW_MODEL) {
      res.writeHead(200, SSE_HEADERS);
      // The first token at once, as a model's first token: a gateway holds its headers until the answer begins.
      res.write(`data: ${chunk({ role: 'assistant', content: '' }, null)}\n\ndata: ${chunk({ content: 'tok0 ' }, null)}\n\n`);
      slowStreams.add({ res, sent: 1 });
    } else if (body.stream === true) {
      res.writeHead(200, SSE_HEADERS);
      res.end(body.stream_options?.include_usage === true ? SSE_BODY_USAGE : SSE_BODY);
    } else {
      res.writeHead(200, JSON_HEADERS);
      res.end(JSON_BODY);
    }
  });
}

const server = createServer((req, res) => {
  const path = req.url?.split('?', 1)[0];
  if (req.method === 'POST' && path === '/v1/chat/completions') return handleChat(req, res);
  if (req.method === 'GET' && path === '/v1/models') {
    res.writeHead(200, MODELS_HEADERS);
    res.end(MODELS_BODY);
    return;
  }
  req.resume();
  sendError(res, 404, `no route for ${req.method} ${path}`);
});
server.keepAliveTimeout = 60_000;
// Thousands of slow streams at once: never cap connections or time out a long stream.
server.maxConnections = Infinity;
server.requestTimeout = 0;
server.headersTimeout = 60_000;

const port = Number(process.argv[2] ?? process.env.PORT ?? 0);
server.listen(port, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : port}\n`);
});

// When started by bench/run.ts, die with the orchestrator even if it is SIGKILLed.
if (process.env.BENCH_CHILD === '1') process.stdin.on('end', () => process.exit(0)).resume();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(0));
