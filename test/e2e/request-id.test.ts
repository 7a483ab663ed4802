import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RouteOptions } from 'fastify';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

interface Route { method: string; path: string }

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A body most routes accept (or reject with a validation error): chat, completion, embedding, workflow fields. */
const body = (stream: boolean) => JSON.stringify({
  model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }], prompt: 'hi', input: 'hi', max_tokens: 16, stream,
});

function send(url: string, route: Route, headers: Record<string, string>, payload?: string) {
  const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
  return fetch(`${url}${route.path}`, {
    method: route.method,
    headers: hasBody ? { 'content-type': 'application/json', ...headers } : headers,
    body: hasBody ? payload : undefined,
  });
}

describe('x-request-id is on every response', () => {
  let qiao: RunningGateway;
  const routes: Route[] = [];

  before(async () => {
    const collect = (route: RouteOptions) => {
      const path = route.url.replace(/:[^/]+/g, 'mock-echo').replace(/\*$/, 'index.html');
      for (const method of [route.method].flat()) routes.push({ method, path });
    };
    qiao = await startGateway({ providers: { mock: { paceMs: 0 } } }, {}, { app: { onRoute: collect } });
  });
  after(async () => qiao?.close());

  test('the walk covers every API shape', () => {
    const paths = new Set(routes.map((route) => route.path));
    for (const path of ['/v1/chat/completions', '/v1/messages', '/chat/stream', '/api/chat', '/api/v1/chat/stream', '/v1/workflows/mock-echo/runs', '/ai/chat/stream', '/health', '/metrics', '/docs/']) {
      assert.ok(paths.has(path), `${path} was registered (have ${[...paths].join(' ')})`);
    }
    assert.ok(routes.length >= 40, `found ${routes.length} routes`);
  });

  test('every route echoes the id the client sent, on success, validation failure and streams alike', async () => {
    let streams = 0;
    const statuses = new Set<number>();
    for (const [index, route] of routes.entries()) {
      for (const stream of [false, true]) {
        const id = `walk-${index}-${stream}`;
        const response = await send(qiao.url, route, { 'x-request-id': id }, body(stream));
        await response.arrayBuffer();
        statuses.add(response.status);
        if (response.headers.get('content-type')?.startsWith('text/event-stream')) streams++;
        assert.equal(response.headers.get('x-request-id'), id, `${route.method} ${route.path} (stream ${stream}) answered ${response.status}`);
      }
    }
    assert.ok(streams >= 5, `hijacked SSE replies were checked too (${streams})`);
    assert.ok(statuses.has(200) && statuses.has(400), `successes and validation failures were both checked (${[...statuses].join(', ')})`);
  });

  test('without a client id every route answers with a generated one', async () => {
    for (const route of routes) {
      const response = await send(qiao.url, route, {}, body(true));
      await response.arrayBuffer();
      assert.match(response.headers.get('x-request-id') ?? '', uuid, `${route.method} ${route.path}`);
    }
  });

  test('unknown paths of every prefix, malformed JSON and unusable ids get an id too', async () => {
    for (const path of ['/nope', '/v1/nope', '/v1/messages/nope', '/api/nope', '/api/v1/nope', '/ai/nope', '/v1/workflows/nope']) {
      const response = await fetch(`${qiao.url}${path}`, { headers: { 'x-request-id': 'missing-route' } });
      await response.arrayBuffer();
      assert.equal(response.status, 404, path);
      assert.equal(response.headers.get('x-request-id'), 'missing-route', path);
    }
    const malformed = await fetch(`${qiao.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'bad-json' }, body: '{"model":' });
    await malformed.arrayBuffer();
    assert.equal(malformed.status, 400);
    assert.equal(malformed.headers.get('x-request-id'), 'bad-json');
    for (const unusable of ['has space', 'x'.repeat(129), 'new\u00e9line']) {
      const response = await fetch(`${qiao.url}/health`, { headers: { 'x-request-id': encodeURI(unusable) === unusable ? unusable : 'a b' } });
      await response.arrayBuffer();
      assert.match(response.headers.get('x-request-id') ?? '', uuid, `"${unusable}" is replaced by a generated id`);
    }
  });
});
