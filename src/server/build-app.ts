import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { aiCoreDialect } from '../dialects/ai-core/ai-core-plugin.js';
import { aigoDialect } from '../dialects/aigo/aigo-plugin.js';
import { anthropicDialect } from '../dialects/anthropic/anthropic-plugin.js';
import { llmStreamDialect } from '../dialects/llm-stream/llm-stream-plugin.js';
import { openAIDialect } from '../dialects/openai/openai-plugin.js';
import { workflowsDialect } from '../dialects/workflows/workflows-plugin.js';
import { aiPlatformDialect } from '../dialects/ai-platform/ai-platform-plugin.js';
import type { Gateway } from '../gateway/index.js';
import { serviceRoutes } from './service-routes.js';
import { adminDeploymentsRoute } from './admin-deployments.js';
import { qiaoVersion } from '../gateway/index.js';

/** Options of the HTTP layer that tests and the CLI vary. */
export interface AppOptions {
  /** Pino level, or false for no logging. */
  logLevel?: string | false;
}

const safeRequestId = /^[\w.:-]{1,128}$/;

function requestId(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  return typeof sent === 'string' && safeRequestId.test(sent) ? sent : randomUUID();
}

/** Composes Fastify with one encapsulated plugin per dialect. `listen` lives apart, so tests can `inject`. */
export async function buildApp(gateway: Gateway, options: AppOptions = {}): Promise<FastifyInstance> {
  const level = options.logLevel ?? gateway.config.server.logLevel;
  const app = Fastify({
    logger: level === false ? false : {
      level,
      redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["api-key"]', '*.apiKey', '*.api_key'],
    },
    // One log line per request costs measurable throughput; failures are logged by the dialects.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: gateway.config.server.bodyLimitBytes,
    genReqId: requestId,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, useDefaults: false } },
  });

  app.decorateRequest('caller', undefined);
  // Clients such as `curl -d` send form content types; every body Qiao reads is JSON.
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    app.getDefaultJsonParser('error', 'error')(request, body as string, done);
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Qiao AI gateway', version: qiaoVersion, description: 'OpenAI-compatible gateway in front of every LLM provider.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(async (scope) => serviceRoutes(scope, gateway));
  await app.register(async (scope) => openAIDialect(scope, gateway), { prefix: '/v1' });
  await app.register(async (scope) => anthropicDialect(scope, gateway), { prefix: '/v1/messages' });
  await app.register(async (scope) => aiCoreDialect(scope, gateway));
  await app.register(async (scope) => aigoDialect(scope, gateway), { prefix: '/api/v1' });
  await app.register(async (scope) => llmStreamDialect(scope, gateway), { prefix: '/api' });
  await app.register(async (scope) => workflowsDialect(scope, gateway), { prefix: '/v1/workflows' });
  await app.register(async (scope) => aiPlatformDialect(scope, gateway), { prefix: '/ai' });
  await app.register(async (scope) => adminDeploymentsRoute(scope, gateway), { prefix: '/admin' });
  return app;
}
