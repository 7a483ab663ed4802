import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

interface Route { method: string; path: string }

/** Every documented route, with path parameters filled in; the OpenAPI document is the source. */
async function documentedRoutes(url: string, key?: string): Promise<Route[]> {
  const response = await fetch(`${url}/openapi.json`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  assert.equal(response.status, 200);
  const document = await response.json() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods)
    .filter((method) => ['get', 'post', 'put', 'delete', 'patch'].includes(method))
    .map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'mock-echo') })));
}

function call(url: string, route: Route, headers: Record<string, string>) {
  return fetch(`${url}${route.path}`, {
    method: route.method,
    headers: { 'content-type': 'application/json', ...headers },
    body: route.method === 'GET' ? undefined : JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }], prompt: 'hi', input: 'hi' }),
  });
}

describe('the gateway key guards every route', () => {
  let qiao: RunningGateway;
  let routes: Route[];
  const key = 'gateway-secret-key';

  before(async () => {
    qiao = await startGateway({ api: { auth_enabled: true, api_key: key }, providers: { mock: { paceMs: 0 } } });
    routes = [...await documentedRoutes(qiao.url, key), { method: 'GET', path: '/docs/' }, { method: 'GET', path: '/openapi.json' }];
  });
  after(async () => qiao?.close());

  test('the OpenAPI document lists the routes of every API shape', () => {
    const paths = new Set(routes.map((route) => route.path));
    for (const path of ['/v1/chat/completions', '/v1/embeddings', '/chat', '/config', '/heartbeat', '/api/chat', '/api/v1/generate', '/api/v1/chat/stream', '/health', '/']) {
      assert.ok(paths.has(path), `${path} is documented`);
    }
    assert.ok(routes.length >= 20, `found ${routes.length} routes`);
  });

  test('without a key, or with a wrong one, every route answers 401 and reveals nothing', async () => {
    for (const route of routes) {
      for (const headers of [{}, { authorization: 'Bearer wrong' }, { 'x-api-key': 'wrong' }] as Record<string, string>[]) {
        const response = await call(qiao.url, route, headers);
        const text = await response.text();
        assert.equal(response.status, 401, `${route.method} ${route.path} ${JSON.stringify(headers)}: ${text}`);
        assert.ok(!text.includes(key), `${route.method} ${route.path} must not echo the key`);
      }
    }
  });

  test('with the key, no route answers 401', async () => {
    for (const route of routes) {
      const response = await call(qiao.url, route, { authorization: `Bearer ${key}` });
      await response.arrayBuffer();
      assert.notEqual(response.status, 401, `${route.method} ${route.path}`);
      assert.ok(response.status < 500, `${route.method} ${route.path} answered ${response.status}`);
    }
  });
});

describe('with auth off (the default), no route asks for a key', () => {
  let qiao: RunningGateway;
  before(async () => { qiao = await startGateway({ providers: { mock: { paceMs: 0 } } }); });
  after(async () => qiao?.close());

  test('every documented route answers without a key, none with 401 or 5xx', async () => {
    for (const route of await documentedRoutes(qiao.url)) {
      const response = await call(qiao.url, route, {});
      await response.arrayBuffer();
      assert.ok(response.status !== 401 && response.status < 500, `${route.method} ${route.path} answered ${response.status}`);
    }
  });
});
