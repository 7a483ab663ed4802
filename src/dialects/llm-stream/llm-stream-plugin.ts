import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../../server/create-gateway.js';

/** Seed 003's LLM stream API: POST /api/chat. */
export async function llmStreamDialect(_app: FastifyInstance, _gateway: Gateway): Promise<void> {}
