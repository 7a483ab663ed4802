import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Static } from '@sinclair/typebox';
import type { Gateway, VirtualKeyPatch } from '../../gateway/index.js';
import type { VirtualKeySettings } from '../../storage/index.js';
import { keyJson, parseInstant } from './admin-json.js';
import { createdKey, keyInfo, keyList, revokedKey } from './admin-responses.js';
import { createKeyBody, keyIdParams, updateKeyBody, type CreateKeyBody, type UpdateKeyBody } from './admin-schemas.js';

type IdRequest = FastifyRequest<{ Params: Static<typeof keyIdParams> }>;

function toSettings(body: CreateKeyBody): VirtualKeySettings {
  return {
    name: body.name,
    ...(body.models !== undefined && { models: body.models }),
    ...(body.rpm !== undefined && { rpm: body.rpm }),
    ...(body.tpm !== undefined && { tpm: body.tpm }),
    ...(body.budget !== undefined && { budget: body.budget }),
    ...(body.expires_at !== undefined && { expiresAt: parseInstant(body.expires_at, 'expires_at') }),
    ...(body.metadata !== undefined && { metadata: body.metadata }),
  };
}

function toPatch(body: UpdateKeyBody): VirtualKeyPatch {
  const { expires_at: expiresAt, ...rest } = body;
  return {
    ...rest,
    ...(expiresAt !== undefined && { expiresAt: expiresAt === null ? null : parseInstant(expiresAt, 'expires_at') }),
  };
}

const tags = ['Admin'];
const security = [{ bearer: [] }];

/** `/admin/keys`: create (the secret is in this answer only), list, read, change, revoke. */
export async function keyRoutes(app: FastifyInstance, gateway: Gateway): Promise<void> {
  app.post('/keys', { schema: { body: createKeyBody, response: { 201: createdKey }, summary: 'Create a virtual key (the secret is shown only here)', tags, security } },
    async (request: FastifyRequest<{ Body: CreateKeyBody }>, reply) => {
      const { record, secret } = await gateway.keys.create(toSettings(request.body));
      return reply.status(201).send({ ...keyJson(record), key: secret });
    });

  app.get('/keys', { schema: { response: { 200: keyList }, summary: 'List virtual keys with their spend', tags, security } }, async () => {
    const records = await gateway.keys.list();
    return { data: await Promise.all(records.map(async (record) => keyJson(record, await gateway.keySpend(record)))) };
  });

  app.get('/keys/:id', { schema: { params: keyIdParams, response: { 200: keyInfo }, summary: 'Read a virtual key', tags, security } }, async (request: IdRequest) => {
    const record = await gateway.keys.get(request.params.id);
    return keyJson(record, await gateway.keySpend(record));
  });

  app.patch('/keys/:id', { schema: { params: keyIdParams, body: updateKeyBody, response: { 200: keyInfo }, summary: 'Change a virtual key (null clears a field)', tags, security } },
    async (request: FastifyRequest<{ Params: Static<typeof keyIdParams>; Body: UpdateKeyBody }>) => {
      const record = await gateway.keys.update(request.params.id, toPatch(request.body));
      return keyJson(record, await gateway.keySpend(record));
    });

  app.delete('/keys/:id', { schema: { params: keyIdParams, response: { 200: revokedKey }, summary: 'Revoke a virtual key (on every instance, from the next request)', tags, security } },
    async (request: IdRequest) => {
      const record = await gateway.keys.revoke(request.params.id);
      return { id: record.id, revoked: true };
    });
}
