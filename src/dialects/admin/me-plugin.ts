import type { FastifyInstance, FastifyRequest } from 'fastify';
import { anonymousCaller, type Caller, type Gateway } from '../../gateway/index.js';
import { toOpenAIError } from '../openai/openai-error.js';
import { installDialect } from '../shared/install-dialect.js';
import { keyJson } from './admin-json.js';
import { logEntries, me, usageRows } from './admin-responses.js';
import { logsQuery, usageQuery, type LogsQuery, type UsageQuery } from './admin-schemas.js';
import { logsResponse, usageResponse, type Scope } from './usage-handlers.js';

const tags = ['Keys'];

/** A caller sees only its own key's calls; callers without a virtual key see the calls made without one. */
const scopeOf = (caller: Caller): Scope => ({ all: false, keyId: caller.keyId ?? null });

/** `/v1/me`, `/v1/me/usage`, `/v1/me/logs`: what the calling key is, may do, and has spent. */
export async function meDialect(app: FastifyInstance, gateway: Gateway): Promise<void> {
  installDialect(app, gateway.guard, toOpenAIError);

  app.get('/', { schema: { response: { 200: me }, summary: 'The calling key: kind, limits, budget and spend', tags } }, async (request) => {
    const caller = request.caller ?? anonymousCaller;
    if (caller.keyId === undefined) return { kind: caller.isAdmin ? 'admin' : 'anonymous', ...(caller.isAdmin && { id: caller.ownerId }) };
    const record = await gateway.keys.get(caller.keyId);
    const { id, name, models, rpm, tpm, budget, expires_at: expiresAt, spend } = keyJson(record, await gateway.keySpend(record));
    return { kind: 'virtual', id, name, models, rpm, tpm, budget, expires_at: expiresAt, spend };
  });
  app.get('/usage', { schema: { querystring: usageQuery, response: { 200: usageRows }, summary: "The calling key's usage, grouped by model, day or key", tags } },
    (request: FastifyRequest<{ Querystring: UsageQuery }>) => usageResponse(gateway.storage, request.query, scopeOf(request.caller ?? anonymousCaller)));
  app.get('/logs', { schema: { querystring: logsQuery, response: { 200: logEntries }, summary: "The calling key's recent calls", tags } },
    (request: FastifyRequest<{ Querystring: LogsQuery }>) => logsResponse(gateway.storage, request.query, scopeOf(request.caller ?? anonymousCaller)));
}
