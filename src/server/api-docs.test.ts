import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { ApiDocs, documentOptions } from './api-docs.js';

const tags = ['Items'];
const item = Type.Object({ id: Type.String(), count: Type.Integer({ minimum: 0 }) });

/** Routes shaped like Qiao's: prefixes, every schema part, tags and security, a hidden route, GETs with their HEADs. */
async function addRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', { schema: { summary: 'Health', tags: ['Service'] } }, async () => ({ ok: true }));
  app.get('/hidden', { schema: { hide: true } }, async () => ({}));
  await app.register(async (scope) => {
    scope.post('/items', { schema: { body: Type.Object({ name: Type.String() }, { additionalProperties: false }), response: { 201: item }, summary: 'Create', tags, security: [{ bearer: [] }] } }, async () => ({ id: 'a', count: 0 }));
    scope.get('/items/:id', { schema: { params: Type.Object({ id: Type.String() }), querystring: Type.Object({ full: Type.Optional(Type.Boolean()) }), response: { 200: item }, tags } }, async () => ({ id: 'a', count: 0 }));
    scope.get('/', { schema: { summary: 'List', tags } }, async () => []);
  }, { prefix: '/v1/things' });
}

test('the document is the one @fastify/swagger makes when registered at start-up', async () => {
  const eager = Fastify();
  await eager.register(swagger, documentOptions);
  await addRoutes(eager);
  await eager.ready();

  const lazy = Fastify();
  const docs = new ApiDocs();
  docs.recordRoutes(lazy);
  await addRoutes(lazy);
  await lazy.ready();

  assert.deepEqual(await docs.document(), eager.swagger());
  assert.ok(Object.keys(eager.swagger().paths ?? {}).includes('/v1/things/items/{id}'));
  await Promise.all([eager.close(), lazy.close()]);
});

test('/docs is answered by the docs site; what it lacks is the app\'s own 404', async () => {
  const app = Fastify();
  app.setNotFoundHandler((request, reply) => reply.status(404).send({ success: false, message: `Unknown endpoint: ${request.url}` }));
  const docs = new ApiDocs();
  docs.recordRoutes(app);
  await addRoutes(app);
  docs.serve(app);
  await app.ready();

  const page = await app.inject({ url: '/docs/' });
  assert.equal(page.statusCode, 200);
  assert.match(page.headers['content-type'] as string, /text\/html/);
  assert.match(page.body, /swagger-ui/);
  const styles = await app.inject({ url: '/docs/static/swagger-ui.css' });
  assert.equal(styles.statusCode, 200);
  assert.match(styles.headers['content-type'] as string, /text\/css/);
  const head = await app.inject({ method: 'HEAD', url: '/docs/' });
  assert.equal(head.statusCode, 200);
  assert.equal(head.body, '');
  assert.deepEqual((await app.inject({ url: '/docs/json' })).json(), await docs.document());
  const missing = await app.inject({ url: '/docs/nope' });
  assert.equal(missing.statusCode, 404);
  assert.deepEqual(missing.json(), { success: false, message: 'Unknown endpoint: /docs/nope' });
  await app.close();
});
