/**
 * The physical limit of a Node.js proxy: the least work a Node process can do to relay a request.
 *
 * A `node:http` server that forwards every request to the upstream through one keep-alive undici
 * Agent with `undici.request`, passing the request body bytes in and the status, headers and body
 * bytes back unchanged, without parsing anything. Any gateway written in Node pays at least this
 * much; what it pays beyond it is the gateway's own overhead.
 *
 * Two choices keep it the cheapest correct relay (measured on Node 20 / undici 7, 50 connections):
 *  - The request body's bytes are collected and handed to undici as one Buffer. Handing undici the
 *    IncomingMessage stream instead costs ~15 µs more CPU per request; chat requests are small, and
 *    a gateway has to read the whole request before choosing a route anyway.
 *  - The response body is relayed chunk by chunk as it arrives (so SSE streams through), with
 *    backpressure, by hand: `stream.pipeline(up.body, res)` roughly doubled the proxy's CPU per
 *    request (~80 µs more), which would make the baseline flatter any gateway measured against it.
 *
 *   node --import tsx bench/bare-proxy.ts <upstream-origin> [port]
 *   (or UPSTREAM=http://127.0.0.1:1234 PORT=0 ...; port 0 = any free port)
 *
 * Prints `READY <port>` on stdout once listening.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';

const upstream = process.argv[2] ?? process.env.UPSTREAM;
if (!upstream) {
  process.stderr.write('usage: bare-proxy.ts <upstream-origin> [port]\n');
  process.exit(2);
}
const origin = new URL(upstream).origin;

const agent = new Agent({ connections: null, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });

// Hop-by-hop headers belong to one connection and must not be forwarded (RFC 9110 §7.6.1);
// undici also refuses some of them. `host` is re-set by undici for the upstream.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'host',
]);

function forwardable(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name in headers) {
    if (!HOP_BY_HOP.has(name)) out[name] = headers[name];
  }
  return out;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const server = createServer(async (req, res) => {
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  try {
    const up = await request(origin + req.url, {
      dispatcher: agent,
      method: req.method as 'GET',
      headers: forwardable(req.headers) as Record<string, string>,
      body: hasBody ? await readBody(req) : null,
    });
    res.writeHead(up.statusCode, forwardable(up.headers));
    const body = up.body;
    body.on('data', (chunk: Buffer) => {
      if (!res.write(chunk)) body.pause();
    });
    res.on('drain', () => body.resume());
    body.on('end', () => res.end());
    body.on('error', () => res.destroy());
    res.on('close', () => {
      if (!body.readableEnded) body.destroy();
    });
  } catch (err) {
    if (!res.headersSent) {
      const body = JSON.stringify({ error: { message: `bare proxy: ${(err as Error).message}`, type: 'upstream_error' } });
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } else {
      res.destroy();
    }
  }
});
server.keepAliveTimeout = 60_000;

const port = Number(process.argv[3] ?? process.env.PORT ?? 0);
server.listen(port, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : port}\n`);
});

// When started by bench/run.ts, die with the orchestrator even if it is SIGKILLed.
if (process.env.BENCH_CHILD === '1') process.stdin.on('end', () => process.exit(0)).resume();
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(0));
