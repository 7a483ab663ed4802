import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify, { type RouteOptions } from 'fastify';
import { ajvOptions } from '../../src/server/build-app.js';
import { startGateway } from '../support/start-gateway.js';

// Qiao compiles each route's schemas on the route's first request (src/server/lazy-schema-compilers.ts),
// so a schema ajv or fast-json-stringify cannot compile would not stop start-up: this compiles them all.
test('every route\'s request and response schemas compile with Fastify\'s default compilers', async () => {
  const routes: RouteOptions[] = [];
  const qiao = await startGateway({}, {}, { app: { onRoute: (route) => { if (route.method !== 'HEAD' && route.schema) routes.push(route); } } });
  try {
    const eager = Fastify({ ajv: ajvOptions });
    for (const route of routes) eager.route({ method: route.method, url: route.url, schema: route.schema, handler: async () => ({}) });
    await eager.ready();
    assert.ok(routes.some((route) => route.schema?.body) && routes.some((route) => route.schema?.response), 'routes with body and response schemas were checked');
    await eager.close();
  } finally {
    await qiao.close();
  }
});
