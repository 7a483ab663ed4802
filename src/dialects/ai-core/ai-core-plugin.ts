import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../../server/create-gateway.js';

/** Seed 000's ai_core sidecar API: /heartbeat, /config, /chat, /chat/stream. */
export async function aiCoreDialect(_app: FastifyInstance, _gateway: Gateway): Promise<void> {}
