import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { toAiPlatformError } from '../dialects/ai-platform/ai-platform-error.js';
import { toAigoError } from '../dialects/aigo/aigo-error.js';
import { toAnthropicError } from '../dialects/anthropic/anthropic-error.js';
import { toLlmStreamError } from '../dialects/llm-stream/llm-stream-error.js';
import { toOpenAIError } from '../dialects/openai/openai-error.js';
import type { ErrorRenderer } from '../dialects/shared/install-dialect.js';
import { InvalidRequestError } from '../errors/index.js';
import { toServiceError } from './service-routes.js';

// Most specific prefix first; anything else is a root path, answered in the service routes' shape.
const renderers: [string, ErrorRenderer][] = [
  ['/v1/messages', toAnthropicError], ['/v1', toOpenAIError], ['/api/v1', toAigoError], ['/api', toLlmStreamError], ['/ai', toAiPlatformError],
];

/**
 * Errors Fastify raises before any route (and so any dialect's error handler) is chosen — a path
 * with broken percent-encoding, a path parameter over the router's length limit — rendered in the
 * shape of the API the path belongs to instead of Fastify's own body.
 */
export function renderFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = (request.raw.url ?? '/').split('?')[0]!;
  const render = renderers.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`))?.[1] ?? toServiceError;
  const problem = error.code === 'FST_ERR_MAX_PARAM_LENGTH'
    ? new InvalidRequestError('A path parameter is too long (the limit is 100 characters).')
    : new InvalidRequestError('The URL is not valid: its path has broken percent-encoding.');
  void reply.status(problem.status).send(render(problem));
}
