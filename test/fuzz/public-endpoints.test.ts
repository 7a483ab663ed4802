/**
 * Property-based fuzzing of every public endpoint (issue 8, "Bad input, fuzzed"): generated bodies,
 * headers, content types, query strings and path parameters through `app.inject`. Whatever comes in,
 * the gateway answers below 500, never crashes, and every 4xx is in that endpoint's own error shape.
 *
 * Routes are collected with an onRoute hook, so new endpoints are fuzzed automatically.
 * FUZZ_SEED=<n> replays a run (the seed is printed on failure); FUZZ_RUNS=<n> sets runs per route;
 * FUZZ_ROUTE="POST /chat" fuzzes one route; FUZZ_TRACE=1 prints each request before it is sent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RouteOptions } from 'fastify';
import fc from 'fast-check';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';
import { errorShapeFor } from './error-shapes.js';
import { requestsFor, type FuzzRequest, type PublicRoute } from './fuzz-requests.js';

const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);
const runsPerRoute = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 100;
const bodyLimit = 256 * 1024;
// Answers take milliseconds (at most a few hundred on a busy machine); only a hang comes near this.
const requestTimeoutMs = 60_000;

const stateChanging = new Set(['POST /config']);

function collectRoutes(routes: PublicRoute[]) {
  return (route: RouteOptions) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  };
}

function preview(payload: FuzzRequest['payload']): string {
  if (payload === undefined) return '(none)';
  const text = typeof payload === 'string' ? payload : payload.toString('latin1');
  // JSON-escaped, so control bytes never reach the test runner's output stream.
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text);
}

/** Answers seen per route pattern and status class, to show the fuzzer reaches the handlers and not only the validators. */
const answers = new Map<string, Map<string, number>>();
let currentRoute = '';
function record(request: FuzzRequest, status: number): void {
  const byClass = answers.get(currentRoute) ?? new Map<string, number>();
  answers.set(currentRoute, byClass);
  const key = `${Math.floor(status / 100)}xx`;
  byClass.set(key, (byClass.get(key) ?? 0) + 1);
  void request;
}

/** The mock never fails mid-stream, so an error event in a 200 stream means bad input was noticed too late (it must be a 4xx). */
function inBandError(body: string): string | undefined {
  for (const event of body.split('\n\n')) {
    const data = event.split('\n').find((line) => line.startsWith('data: '))?.slice(6);
    if (event.includes('event: error')) return `a 200 stream carried an error event: ${event.slice(0, 300)}`;
    if (!data || data === '[DONE]') continue;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return `a 200 stream carried an event that is not JSON: ${data.slice(0, 300)}`;
    }
    if (typeof payload === 'object' && payload !== null && ('error' in payload || (payload as { success?: unknown }).success === false)) {
      return `a 200 stream carried an error event: ${data.slice(0, 300)}`;
    }
  }
  return undefined;
}

/** Sends one request; returns what is wrong with the answer, or undefined. */
async function problemWith(qiao: RunningGateway, request: FuzzRequest): Promise<string | undefined> {
  if (process.env.FUZZ_TRACE) console.log(`→ ${request.method} ${JSON.stringify(request.url.slice(0, 100))} [${request.kind}] ${JSON.stringify(request.headers).slice(0, 200)} ${preview(request.payload)}`);
  const sentAt = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), requestTimeoutMs); });
  const response = await Promise.race([
    qiao.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload }),
    timeout,
  ]).finally(() => clearTimeout(timer));
  if (process.env.FUZZ_TRACE) console.log(`  ← ${response === 'timeout' ? 'timeout' : response.statusCode} after ${(performance.now() - sentAt).toFixed(0)} ms`);
  if (response === 'timeout') return `no answer within ${requestTimeoutMs} ms`;
  const status = response.statusCode;
  record(request, status);
  if (status >= 500) return `answered ${status}: ${response.body.slice(0, 300)}`;
  if (status < 300 && /text\/event-stream/.test(String(response.headers['content-type']))) return inBandError(response.body);
  if (status < 400 || request.method === 'HEAD') return undefined;
  // Dot segments (`..`, `%2e%2e`) are resolved before routing, as any URL parser does: judge the
  // answer by the path the request really reached.
  const shape = errorShapeFor(new URL(request.url, 'http://qiao.test').pathname);
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return `answered ${status} with a body that is not JSON: ${response.body.slice(0, 300)}`;
  }
  const wrong = shape.check(body);
  return wrong && `answered ${status} not in the ${shape.dialect} error shape (${wrong}): ${response.body.slice(0, 300)}`;
}

async function fuzz(qiao: RunningGateway, routes: PublicRoute[], runs: number, label: string): Promise<void> {
  const only = process.env.FUZZ_ROUTE;
  const selected = routes.filter((each) => !only || `${each.method} ${each.url}` === only);
  // Routes that reconfigure the gateway go last (a valid POST /config replaces the mock with a paced one).
  const ordered = [...selected.filter((each) => !stateChanging.has(`${each.method} ${each.url}`)), ...selected.filter((each) => stateChanging.has(`${each.method} ${each.url}`))];
  for (const route of ordered) {
    currentRoute = `${label} ${route.method} ${route.url}`;
    let count = 0;
    await fc.assert(fc.asyncProperty(requestsFor(route, bodyLimit), async (request) => {
      count++;
      const problem = await problemWith(qiao, request);
      if (problem) {
        throw new Error(`${request.method} ${JSON.stringify(request.url.slice(0, 200))} [${request.kind}] headers ${JSON.stringify(request.headers).slice(0, 300)} body ${preview(request.payload)} → ${problem}`);
      }
    }), {
      // Routes without a body or path parameter have less to vary.
      seed, numRuns: route.method === 'POST' || /[:*]/.test(route.url) ? runs : Math.ceil(runs / 3),
      // A hang found while shrinking would cost the full request timeout per attempt: report what is found by then.
      interruptAfterTimeLimit: 90_000,
      reporter: (details) => {
        if (!details.failed) return;
        const message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
        throw new Error(`${label} ${route.method} ${route.url}: fuzz failure (replay: FUZZ_SEED=${details.seed}, path ${details.counterexamplePath}, ${details.numShrinks} shrinks):\n${message}`);
      },
    });
    assert.ok(count > 0, `${route.method} ${route.url} was fuzzed`);
    if (process.env.FUZZ_STATS) console.log(`${new Date().toISOString()} ${currentRoute} done`);
  }
}

describe(`fuzzing every public endpoint (FUZZ_SEED=${seed})`, () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => { unhandled.push(reason); };
  const routes: PublicRoute[] = [];
  const keyedRoutes: PublicRoute[] = [];
  let qiao: RunningGateway;
  let keyed: RunningGateway;

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    const file = { providers: { mock: { paceMs: 0 } }, server: { bodyLimitBytes: bodyLimit }, cache: { enabled: true, backend: 'memory', maxEntries: 500 } };
    qiao = await startGateway(file, {}, { app: { onRoute: collectRoutes(routes) } });
    keyed = await startGateway({ ...file, api: { auth_enabled: true, api_key: 'fuzz-key' } }, {}, { app: { onRoute: collectRoutes(keyedRoutes) } });
  });
  after(async () => {
    await qiao?.close();
    await keyed?.close();
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  });

  test('the routes come from the app itself, every API shape included', () => {
    const urls = new Set(routes.map((route) => route.url));
    for (const url of ['/v1/chat/completions', '/v1/messages', '/v1/models/*', '/chat', '/config', '/api/v1/generate', '/api/chat', '/ai/chat', '/v1/workflows/:provider/:id/runs', '/health']) {
      assert.ok(urls.has(url), `${url} collected`);
    }
  });

  // A request that blocks the event loop would stop the per-request timer too: the test's own limit catches it.
  test('with auth off: no 5xx, no crash, every 4xx in the endpoint\'s own shape', { timeout: 600_000 }, async () => {
    await fuzz(qiao, routes, runsPerRoute, 'auth off');
    if (process.env.FUZZ_STATS) for (const [route, byClass] of answers) console.log(route, JSON.stringify(Object.fromEntries(byClass)));
    assert.deepEqual(unhandled, []);
  });

  test('with the gateway key on (random credentials): the same holds', { timeout: 300_000 }, async () => {
    await fuzz(keyed, keyedRoutes, Math.max(5, Math.floor(runsPerRoute / 6)), 'auth on');
    assert.deepEqual(unhandled, []);
    for (const gateway of [qiao, keyed]) {
      const health = await gateway.app.inject({ url: '/health', headers: { authorization: 'Bearer fuzz-key' } });
      assert.equal(health.statusCode, 200, 'still serving after the fuzz');
    }
  });
});
