import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Fastify, { LogController, type FastifyInstance, type RouteOptions } from 'fastify';
import { aiCoreDialect } from '../dialects/ai-core/ai-core-plugin.js';
import { aigoDialect } from '../dialects/aigo/aigo-plugin.js';
import { anthropicDialect } from '../dialects/anthropic/anthropic-plugin.js';
import { llmStreamDialect } from '../dialects/llm-stream/llm-stream-plugin.js';
import { openAIDialect } from '../dialects/openai/openai-plugin.js';
import { workflowsDialect } from '../dialects/workflows/workflows-plugin.js';
import { aiPlatformDialect } from '../dialects/ai-platform/ai-platform-plugin.js';
import { vectorStoreRoutes } from '../dialects/vector-stores/vector-store-plugin.js';
import { adminDialect } from '../dialects/admin/admin-plugin.js';
import { meDialect } from '../dialects/admin/me-plugin.js';
import type { Gateway } from '../gateway/index.js';
import { serviceRoutes } from './service-routes.js';
import { consoleRoutes } from './console-routes.js';
import { renderFrameworkError } from './framework-errors.js';
import { jsonBodyParser } from './json-body.js';
import { lazyRequestLoggers } from './lazy-request-logger.js';
import { knownSecrets, loggerOptions } from './logger-options.js';
import { metricsRoute } from './metrics-route.js';
import { installTelemetry } from './telemetry-hooks.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';
import { ApiDocs } from './api-docs.js';

/** Options of the HTTP layer that tests and the CLI vary. */
export interface AppOptions {
  /** Pino level, or false for no logging. */
  logLevel?: string | false;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
  /** Called for every route as it is registered (tests walk them all). */
  onRoute?: (route: RouteOptions) => void;
}

/** Request parts are validated as sent: no coercion, no defaults, nothing removed; the first error is reported. */
export const ajvOptions = { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, useDefaults: false } };

const safeRequestId = /^[\w.:-]{1,128}$/;

function requestId(request: IncomingMessage): string {
  const sent = request.headers['x-request-id'];
  return typeof sent === 'string' && safeRequestId.test(sent) ? sent : randomUUID();
}

/** Composes Fastify with one encapsulated plugin per dialect. `listen` lives apart, so tests can `inject`. */
export async function buildApp(gateway: Gateway, options: AppOptions = {}): Promise<FastifyInstance> {
  const level = options.logLevel ?? gateway.config.server.logLevel;
  const app = Fastify({
    logger: level === false ? false : { ...loggerOptions(level, knownSecrets(gateway.config)), stream: options.logStream },
    // One log line per request costs measurable throughput; failures are logged by the dialects.
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: lazyRequestLoggers,
    bodyLimit: gateway.config.server.bodyLimitBytes,
    genReqId: requestId,
    frameworkErrors: renderFrameworkError,
    ajv: ajvOptions,
    schemaController: lazySchemaCompilers(),
  });

  if (options.onRoute) app.addHook('onRoute', options.onRoute);
  app.decorateRequest('caller', undefined);
  // Clients such as `curl -d` send form content types; every body Qiao reads is JSON.
  app.addContentTypeParser('*', { parseAs: 'string' }, jsonBodyParser(app));
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, jsonBodyParser(app));
  // A callback hook at the start rather than an async onSend: no promise per request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  installTelemetry(app, gateway);

  const docs = new ApiDocs();
  docs.recordRoutes(app);
  await app.register(async (scope) => serviceRoutes(scope, gateway, docs));
  await app.register(async (scope) => metricsRoute(scope, gateway));
  await app.register(async (scope) => openAIDialect(scope, gateway), { prefix: '/v1' });
  await app.register(async (scope) => anthropicDialect(scope, gateway), { prefix: '/v1/messages' });
  await app.register(async (scope) => aiCoreDialect(scope, gateway));
  await app.register(async (scope) => aigoDialect(scope, gateway), { prefix: '/api/v1' });
  await app.register(async (scope) => llmStreamDialect(scope, gateway), { prefix: '/api' });
  await app.register(async (scope) => workflowsDialect(scope, gateway), { prefix: '/v1/workflows' });
  await app.register(async (scope) => aiPlatformDialect(scope, gateway), { prefix: '/ai' });
  await app.register(consoleRoutes);
  await app.register(async (scope) => vectorStoreRoutes(scope, gateway), { prefix: '/v1/vector_stores' });
  await app.register(async (scope) => adminDialect(scope, gateway), { prefix: '/admin' });
  await app.register(async (scope) => meDialect(scope, gateway), { prefix: '/v1/me' });
  return app;
}
