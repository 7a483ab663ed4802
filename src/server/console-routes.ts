import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { fromFastifyError } from '../dialects/shared/fastify-error.js';
import { InternalError } from '../errors/index.js';
import { consoleDirectories, ensureConsoleBuilt } from './console-bundle.js';
import { toServiceError } from './service-routes.js';

/** The console talks to this origin only; nothing is loaded from elsewhere. */
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * The web console's static files under `/console/` (`/console` redirects there). They hold no
 * secrets, so they are served without the API key: the page asks for one and sends it to the API.
 * A stale or missing build is rebuilt by the first console request, never on the start-up path.
 */
export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  // A path the file server refuses (e.g. `%00`) or a failed build is answered in the service routes' error shape.
  app.setErrorHandler((error, _request, reply) => {
    const gatewayError = fromFastifyError(error as Error);
    return reply.status(gatewayError.status).send(toServiceError(gatewayError));
  });
  app.addHook('onRequest', async (request, reply) => {
    try {
      await ensureConsoleBuilt();
    } catch (error) {
      request.log.error({ err: error }, 'console build failed');
      throw new InternalError('The console could not be built; run `npm run console:build` to see why.');
    }
    reply.header('content-security-policy', contentSecurityPolicy);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
  });
  // Before the first build the folder may not exist; @fastify/static would warn about it at start.
  await mkdir(consoleDirectories.output, { recursive: true });
  await app.register(fastifyStatic, {
    root: consoleDirectories.output, prefix: '/console', redirect: true, decorateReply: false, index: 'index.html', cacheControl: false,
    setHeaders: (response) => response.setHeader('cache-control', 'no-cache'),
  });
}
