import type { FastifyInstance, FastifyReply, FastifyRequest, LightMyRequestResponse, RouteOptions } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { qiaoVersion } from '../gateway/index.js';
import { lazySchemaCompilers } from './lazy-schema-compilers.js';

/** What the document says of Qiao besides its routes (@fastify/swagger options). */
export const documentOptions = {
  openapi: {
    info: { title: 'Qiao AI gateway', version: qiaoVersion, description: 'OpenAI-compatible gateway in front of every LLM provider.' },
    components: { securitySchemes: { bearer: { type: 'http' as const, scheme: 'bearer' } } },
  },
};

/** Headers of the docs site's answer that describe its connection, not the content. */
const connectionHeaders = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

function contentHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !connectionHeaders.has(name)));
}

const notServed = async () => undefined;

/** The docs site's error answer as the error it was there, for `app`'s error handler to render in its own shape. */
function siteError(answer: LightMyRequestResponse): Error & { statusCode: number } {
  let message = answer.statusMessage;
  try {
    message = (answer.json() as { message?: string }).message ?? message;
  } catch {
    // not JSON: the status text says it
  }
  return Object.assign(new Error(message), { statusCode: answer.statusCode });
}

/**
 * The OpenAPI document (`/openapi.json`) and the `/docs` page, by @fastify/swagger and
 * @fastify/swagger-ui, set up by their first request instead of at start-up (the plugins and the
 * yaml package both load were ~7% of the sidecar's ready time). Qiao's routes are recorded as they
 * are registered; the first request registers them again, schemas without handlers, in a Fastify
 * instance of its own with both plugins, and `/docs` requests are answered by it.
 */
export class ApiDocs {
  private readonly routes: RouteOptions[] = [];
  private site?: Promise<FastifyInstance>;

  /** Records every route registered on `app` (and its plugins) from now on. */
  recordRoutes(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      this.routes.push(route);
    });
  }

  /** The OpenAPI document of every route recorded. */
  async document(): Promise<unknown> {
    return (await this.docsSite()).swagger();
  }

  /** `GET /docs` and everything below it, answered by the docs site; what it does not have is `app`'s 404. */
  serve(app: FastifyInstance): void {
    const forward = async (request: FastifyRequest, reply: FastifyReply) => {
      const site = await this.docsSite();
      // HEAD too: Fastify's HEAD route answers the GET's headers without the body.
      const answer = await site.inject({ method: 'GET', url: request.url, headers: request.headers });
      if (answer.statusCode === 404) return reply.callNotFound();
      if (answer.statusCode >= 400) throw siteError(answer);
      reply.status(answer.statusCode).headers(contentHeaders(answer.headers));
      return answer.rawPayload.length > 0 ? reply.send(answer.rawPayload) : reply.send();
    };
    for (const url of ['/docs', '/docs/', '/docs/*']) app.get(url, { schema: { hide: true } }, forward);
  }

  private docsSite(): Promise<FastifyInstance> {
    this.site ??= this.buildDocsSite().catch((error: unknown) => {
      this.site = undefined;
      throw error;
    });
    return this.site;
  }

  private async buildDocsSite(): Promise<FastifyInstance> {
    const [{ default: Fastify }, { default: swagger }, { default: swaggerUi }] = await Promise.all([
      import('fastify'), import('@fastify/swagger'), import('@fastify/swagger-ui'),
    ]);
    const site = Fastify({ schemaController: lazySchemaCompilers() });
    await site.register(swagger, documentOptions);
    // Hidden routes (these docs among them) are left out of the document anyway; HEAD routes come recorded.
    for (const route of this.routes) {
      if (route.schema?.hide) continue;
      site.route({ method: route.method, url: route.url, schema: route.schema, config: route.config, exposeHeadRoute: false, handler: notServed });
    }
    await site.register(swaggerUi, { routePrefix: '/docs' });
    await site.ready();
    return site;
  }
}
