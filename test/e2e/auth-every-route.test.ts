import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createKey } from '../support/admin-client.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

interface Route { method: string; path: string }

/** Collects every route Fastify registers, with path parameters and wildcards filled in. */
function routeCollector() {
  const routes: Route[] = [];
  const onRoute = (route: { method: string | string[]; url: string }) => {
    for (const method of [route.method].flat()) {
      if (method === 'OPTIONS') continue;
      routes.push({ method, path: route.url.replace(/:id\b/g, 'key_unknown').replace(/:[A-Za-z_]+/g, 'mock-echo').replace(/\*/g, 'mock-echo') });
    }
  };
  return { routes, onRoute };
}

const isAdminRoute = (route: Route) => route.path.startsWith('/admin');
/** The console's static files hold no secrets and are served without a key (docs/console.md): the page asks for one. */
const isPublicFile = (route: Route) => route.path === '/console' || route.path.startsWith('/console/');
/** Routes that only an admin may use: the admin API, /metrics, and seed 000's POST /config (it aims the gateway at an upstream). */
const needsAdmin = (route: Route) => isAdminRoute(route) || route.path === '/metrics' || (route.method === 'POST' && route.path === '/config');

function call(url: string, route: Route, headers: Record<string, string>) {
  const withBody = !['GET', 'HEAD', 'DELETE'].includes(route.method);
  return fetch(`${url}${route.path}`, {
    method: route.method,
    headers: { ...(withBody && { 'content-type': 'application/json' }), ...headers },
    body: withBody ? JSON.stringify({ model: 'mock-echo', messages: [{ role: 'user', content: 'hi' }], prompt: 'hi', input: 'hi' }) : undefined,
  });
}

describe('keys guard every registered route', () => {
  let qiao: RunningGateway;
  const collected = routeCollector();
  const adminKey = 'admin-secret-key-0123456789';
  const gatewayKey = 'gateway-secret-key';
  let virtualKey: string;

  before(async () => {
    qiao = await startGateway({ api: { auth_enabled: true, api_key: gatewayKey, admin_key: adminKey }, providers: { mock: { paceMs: 0 } } }, {}, { app: { onRoute: collected.onRoute } });
    virtualKey = (await createKey(qiao.url, adminKey, { name: 'route-walker' })).key;
  });
  after(async () => qiao?.close());

  test('the walk covers the routes of every API shape, the admin API and /v1/me', () => {
    const paths = new Set(collected.routes.map((route) => route.path));
    for (const path of ['/v1/chat/completions', '/v1/embeddings', '/chat', '/config', '/heartbeat', '/api/chat', '/api/v1/generate', '/api/v1/chat/stream',
      '/health', '/', '/admin/keys', '/admin/keys/key_unknown', '/admin/usage', '/admin/logs', '/v1/me', '/v1/me/usage', '/v1/me/logs', '/openapi.json']) {
      assert.ok(paths.has(path), `${path} is registered`);
    }
    assert.ok(collected.routes.length >= 30, `found ${collected.routes.length} routes`);
  });

  test('without a key, or with a wrong one, every route answers 401 and reveals nothing', async () => {
    for (const route of collected.routes) {
      for (const headers of [{}, { authorization: 'Bearer wrong' }, { 'x-api-key': 'qk-wrongwrongwrongwrongwrong' }] as Record<string, string>[]) {
        const response = await call(qiao.url, route, headers);
        const text = await response.text();
        if (isPublicFile(route)) assert.ok(response.status !== 401 && response.status < 500, `${route.method} ${route.path} answered ${response.status}`);
        else assert.equal(response.status, 401, `${route.method} ${route.path} ${JSON.stringify(headers)}: ${text}`);
        for (const secret of [adminKey, gatewayKey, virtualKey]) assert.ok(!text.includes(secret), `${route.method} ${route.path} must not echo a key`);
      }
    }
  });

  test('a virtual key: 403 on admin routes, served everywhere else', async () => {
    for (const route of collected.routes) {
      const response = await call(qiao.url, route, { authorization: `Bearer ${virtualKey}` });
      await response.arrayBuffer();
      if (needsAdmin(route)) assert.equal(response.status, 403, `${route.method} ${route.path}`);
      else assert.ok(response.status !== 401 && response.status !== 403 && response.status < 500, `${route.method} ${route.path} answered ${response.status}`);
    }
  });

  test('the admin key and the gateway key (admin-equivalent): no route answers 401, 403 or 5xx', async () => {
    for (const key of [adminKey, gatewayKey]) {
      for (const route of collected.routes) {
        const response = await call(qiao.url, route, { authorization: `Bearer ${key}` });
        await response.arrayBuffer();
        assert.ok(response.status !== 401 && response.status !== 403 && response.status < 500, `${route.method} ${route.path} answered ${response.status}`);
      }
    }
  });
});

describe('with no key configured (the laptop default), every route is open except the admin API', () => {
  let qiao: RunningGateway;
  const collected = routeCollector();
  before(async () => { qiao = await startGateway({ providers: { mock: { paceMs: 0 } } }, {}, { app: { onRoute: collected.onRoute } }); });
  after(async () => qiao?.close());

  test('no route asks for a key, none answers 5xx; /admin/* answers 401 (no admin key exists)', async () => {
    assert.ok(collected.routes.length >= 30);
    for (const route of collected.routes) {
      const response = await call(qiao.url, route, {});
      await response.arrayBuffer();
      if (isAdminRoute(route)) assert.equal(response.status, 401, `${route.method} ${route.path}`);
      else assert.ok(response.status !== 401 && response.status < 500, `${route.method} ${route.path} answered ${response.status}`);
    }
  });
});
