import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyError } from 'fastify';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import { ajvOptions as ajv } from './build-app.js';

const body = Type.Object({
  model: Type.String(),
  n: Type.Optional(Type.Integer({ minimum: 1 })),
  role: Type.Optional(Type.Union([Type.Literal('user'), Type.Literal('system')])),
  messages: Type.Optional(Type.Array(Type.Object({ content: Type.String() }, { additionalProperties: false }))),
}, { additionalProperties: false });
const querystring = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^\\d+$' })) });
const item = Type.Object({ id: Type.String(), count: Type.Integer() });

async function appWith(compilers: 'default' | 'lazy') {
  const app = Fastify({ ajv, ...(compilers === 'lazy' && { schemaController: lazySchemaCompilers() }) });
  app.setErrorHandler((error: FastifyError, _request, reply) => reply.status(400).send({ validation: error.validation, context: error.validationContext }));
  app.post('/items', { schema: { body, querystring, response: { 200: item } } }, async () => ({ id: 'a', count: 2, notInSchema: 'dropped' }));
  await app.ready();
  return app;
}

test('lazily compiled schemas reject and serialize exactly as the default compilers do', async () => {
  const [eager, lazy] = await Promise.all([appWith('default'), appWith('lazy')]);
  const requests: { payload: Record<string, unknown>; query?: Record<string, string> }[] = [
    { payload: {} },
    { payload: { model: 1 } },
    { payload: { model: 'm', extra: true } },
    { payload: { model: 'm', n: 0 } },
    { payload: { model: 'm', role: 'bot' } },
    { payload: { model: 'm', messages: [{ content: 'hi', name: 'x' }] } },
    { payload: { model: 'm' }, query: { limit: 'ten' } },
    { payload: { model: 'm' }, query: { limit: '10' } },
    { payload: { model: 'm' } },
  ];
  for (const request of requests) {
    const inject = { method: 'POST' as const, url: '/items', ...request };
    const [expected, actual] = [await eager.inject(inject), await lazy.inject(inject)];
    assert.equal(actual.statusCode, expected.statusCode, JSON.stringify(request));
    assert.equal(actual.body, expected.body, JSON.stringify(request));
  }
  await Promise.all([eager.close(), lazy.close()]);
});

test('a schema is compiled by its route\'s first request, not by ready()', async () => {
  const broken = { type: 'object', properties: { a: { type: 'no-such-type' } } };
  const eager = Fastify({ ajv });
  eager.post('/broken', { schema: { body: broken } }, async () => ({}));
  await assert.rejects(async () => { await eager.ready(); }, /no-such-type|schema is invalid/);

  const lazy = Fastify({ ajv, schemaController: lazySchemaCompilers() });
  lazy.post('/broken', { schema: { body: broken } }, async () => ({}));
  await lazy.ready();
  const response = await lazy.inject({ method: 'POST', url: '/broken', payload: { a: 1 } });
  assert.equal(response.statusCode, 500);
  await Promise.all([eager.close(), lazy.close()]);
});
