import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../../gateway/index.js';
import { installDialect } from '../shared/install-dialect.js';
import { chatStreamRoute } from './chat-stream-route.js';
import { toLlmStreamError } from './llm-stream-error.js';

/** Seed 003's LLM stream API: POST /api/chat. */
export async function llmStreamDialect(app: FastifyInstance, gateway: Gateway): Promise<void> {
  installDialect(app, gateway.guard, toLlmStreamError);
  await chatStreamRoute(app, gateway.chat);
}
