/**
 * A programmable fake HTTP upstream for provider and end-to-end tests.
 *
 * Listens on 127.0.0.1 (random port), records every request, and answers each route with a
 * JSON body, an SSE stream (`data: <payload>\n\n` per event) or raw bytes, optionally paced
 * (`delayMs`) and ended normally, left hanging, or cut by destroying the socket.
 *
 * Uses `node:http` only. `close()` destroys every socket, clears every pending timer and never
 * hangs (also with `end: 'hang'` replies), so the test process is not kept alive.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RecordedRequest {
  method: string;
  /** Pathname only (no query string). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  /** `JSON.parse(bodyText)` when it parses, else `undefined`. */
  body: unknown;
}

export type FakeReplyEnd = 'close' | 'hang' | 'destroy';

export type FakeReply =
  /** Destroys the connection before sending anything (a reset before the headers). */
  | { reset: true }
  /** JSON body (`content-type: application/json` unless overridden in `headers`). */
  | { status?: number; headers?: Record<string, string>; json: unknown }
  /**
   * SSE stream: each string is one `data:` payload written as `data: <payload>\n\n`, `delayMs`
   * between events. `end`: 'close' (default) ends the response normally, 'hang' keeps the
   * connection open without more data, 'destroy' destroys the socket after the events.
   */
  | { status?: number; headers?: Record<string, string>; sse: string[]; delayMs?: number; end?: FakeReplyEnd }
  /**
   * Raw body text, or chunks written separately with `delayMs` between them. Defaults to
   * `content-type: text/event-stream` (override in `headers`, e.g. for an HTML error page).
   */
  | {
      status?: number;
      headers?: Record<string, string>;
      raw: string | Array<string | Buffer>;
      delayMs?: number;
      end?: FakeReplyEnd;
    };

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeUpstream {
  /** e.g. `http://127.0.0.1:43123` (no trailing slash). */
  baseUrl: string;
  /** Every request received, in order (recorded before its handler runs). */
  requests: RecordedRequest[];
  /** Responses whose client closed the connection before the response ended. */
  closedEarly: number;
  /**
   * Resolves the next time a client closes a connection before its response ended — or at once
   * if that already happened and was not yet awaited (each early close is consumed once).
   */
  waitForClientClose(): Promise<void>;
  /** `key` is `'METHOD /pathname'`, e.g. `'POST /v1/chat/completions'`; replaces an existing route. A key ending in `*` matches by prefix. */
  route(key: string, handler: FakeHandler): void;
  /** Closes the server and destroys all sockets. Idempotent. */
  close(): Promise<void>;
  /** `baseUrl + path`. */
  url(path: string): string;
  /** Requests received for one route key (`'POST /v1/chat/completions'`). */
  requestsFor(key: string): RecordedRequest[];
}

function openAiError(message: string, type: string, code: string | null): string {
  return JSON.stringify({ error: { message, type, param: null, code } });
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Resolves after `ms`, or early (returning false) when `signal` aborts. Never leaves a timer behind. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Writes one chunk and waits until it was handed to the socket (or the response died). */
function write(res: ServerResponse, chunk: string | Buffer, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted || res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let settled = false;
    const done = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = (): void => done(false);
    signal.addEventListener('abort', onAbort, { once: true });
    res.write(chunk, (err) => done(!err));
  });
}

function matchRoute(routes: Map<string, FakeHandler>, key: string): FakeHandler | undefined {
  const exact = routes.get(key);
  if (exact) return exact;
  let best: { prefix: string; handler: FakeHandler } | undefined;
  for (const [routeKey, handler] of routes) {
    if (!routeKey.endsWith('*')) continue;
    const prefix = routeKey.slice(0, -1);
    if (key.startsWith(prefix) && (!best || prefix.length > best.prefix.length)) best = { prefix, handler };
  }
  return best?.handler;
}

export async function startFakeUpstream(routes: Record<string, FakeHandler> = {}): Promise<FakeUpstream> {
  const table = new Map<string, FakeHandler>(Object.entries(routes));
  const sockets = new Set<Socket>();
  /** One controller per in-flight response; aborted when the response closes or the server closes. */
  const inflight = new Set<AbortController>();
  let closing = false;
  let closePromise: Promise<void> | undefined;

  let unconsumedEarlyCloses = 0;
  const earlyCloseWaiters: Array<() => void> = [];

  const server = createServer();

  const upstream: FakeUpstream = {
    baseUrl: '',
    requests: [],
    closedEarly: 0,
    waitForClientClose() {
      if (unconsumedEarlyCloses > 0) {
        unconsumedEarlyCloses--;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => earlyCloseWaiters.push(resolve));
    },
    route(key, handler) {
      table.set(key, handler);
    },
    close() {
      closePromise ??= new Promise<void>((resolve) => {
        closing = true;
        for (const controller of inflight) controller.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      return closePromise;
    },
    url(path) {
      return `${upstream.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
    },
    requestsFor(key) {
      const space = key.indexOf(' ');
      const method = key.slice(0, space);
      const path = key.slice(space + 1);
      return upstream.requests.filter((r) => r.method === method && r.path === path);
    },
  };

  function noteEarlyClose(): void {
    upstream.closedEarly++;
    const waiter = earlyCloseWaiters.shift();
    if (waiter) waiter();
    else unconsumedEarlyCloses++;
  }

  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {}); // ECONNRESET from clients that abort is expected
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const controller = new AbortController();
    inflight.add(controller);
    /** True when this side ended the connection on purpose ('destroy' reply or close()). */
    let serverInitiatedClose = false;
    res.on('error', () => {});
    res.on('close', () => {
      inflight.delete(controller);
      controller.abort();
      if (!res.writableFinished && !serverInitiatedClose && !closing) noteEarlyClose();
    });
    void handle(req, res, controller.signal, () => {
      serverInitiatedClose = true;
    }).catch(() => {
      serverInitiatedClose = true;
      res.destroy();
    });
  });

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    signal: AbortSignal,
    markServerClose: () => void,
  ): Promise<void> {
    const bodyBuffer = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const bodyText = bodyBuffer.toString('utf8');
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      bodyText,
      body: parseJson(bodyText),
    };
    upstream.requests.push(recorded);

    const key = `${recorded.method} ${recorded.path}`;
    const handler = matchRoute(table, key);
    if (!handler) {
      if (signal.aborted) return;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(openAiError(`no route for ${key}`, 'invalid_request_error', 'not_found'));
      return;
    }

    let reply: FakeReply;
    try {
      reply = await handler(recorded);
    } catch (err) {
      if (signal.aborted) return;
      const message = err instanceof Error ? err.message : String(err);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(openAiError(`fake upstream handler threw: ${message}`, 'server_error', null));
      return;
    }
    if (signal.aborted) return;

    if ('reset' in reply) {
      markServerClose();
      res.socket?.destroy();
      return;
    }
    if ('json' in reply) {
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.json === undefined ? '' : JSON.stringify(reply.json));
      return;
    }

    let chunks: Array<string | Buffer>;
    if ('sse' in reply) chunks = reply.sse.map((payload) => `data: ${payload}\n\n`);
    else chunks = typeof reply.raw === 'string' ? [reply.raw] : reply.raw;

    res.writeHead(reply.status ?? 200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...reply.headers,
    });
    res.flushHeaders();

    const delayMs = reply.delayMs ?? 0;
    for (let i = 0; i < chunks.length; i++) {
      if (i > 0 && !(await sleep(delayMs, signal))) return;
      if (!(await write(res, chunks[i]!, signal))) return;
    }

    switch (reply.end ?? 'close') {
      case 'close':
        res.end();
        return;
      case 'hang':
        return; // left open until the client goes away or close() destroys the socket
      case 'destroy':
        markServerClose();
        res.socket?.destroy();
        res.destroy();
        return;
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake upstream: unexpected server address');
  upstream.baseUrl = `http://127.0.0.1:${address.port}`;
  return upstream;
}

/**
 * Splits a `.chunks.txt` fixture (one SSE `data:` payload per non-empty line) into payloads.
 * A leading `data:` prefix on a line is tolerated and stripped.
 */
export function sseFromFixture(fileText: string): string[] {
  const payloads: string[] = [];
  for (const line of fileText.split(/\r?\n/)) {
    if (line.trim().length === 0) continue;
    const match = /^data: ?(.*)$/.exec(line);
    payloads.push(match ? match[1]! : line);
  }
  return payloads;
}

/**
 * Reads a fixture file as UTF-8. `relativeToFileUrl` is usually `import.meta.url` of the calling
 * module (the fixture is resolved next to it) or a directory URL/path (resolved inside it);
 * `name` may contain a relative path such as `../src/providers/openai-compatible/__fixtures__/x.json`.
 */
export function readFixture(relativeToFileUrl: string | URL, name: string): string {
  const base = relativeToFileUrl.toString();
  const basePath = base.startsWith('file:') ? fileURLToPath(base) : base;
  if (!isAbsolute(basePath)) throw new Error(`readFixture: base must be a file URL or an absolute path, got ${base}`);
  let dir: string;
  try {
    dir = statSync(basePath).isDirectory() ? basePath : dirname(basePath);
  } catch {
    dir = base.endsWith('/') ? basePath : dirname(basePath);
  }
  return readFileSync(join(dir, name), 'utf8');
}
