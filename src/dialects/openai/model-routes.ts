import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ModelNotFoundError } from '../../errors/index.js';
import { closeMatches, type ListedModel } from '../../gateway/index.js';
import type { OpenAIDialectDependencies } from './openai-plugin.js';
import { qiaoModelFields } from './qiao-model-fields.js';

const startedAt = Math.floor(Date.now() / 1000);

function toOpenAIModel(model: ListedModel, id = model.id) {
  return { id, object: 'model', created: startedAt, owned_by: model.ownedBy, ...qiaoModelFields(model) };
}

/** `GET /v1/models` and `GET /v1/models/{id}` (ids may contain `/`). */
export async function modelRoutes(app: FastifyInstance, deps: OpenAIDialectDependencies): Promise<void> {
  app.get('/models', { schema: { summary: 'List models', tags: ['OpenAI'] } }, async () => ({
    object: 'list',
    data: deps.registry.list().map((model) => toOpenAIModel(model)),
  }));

  app.get('/models/*', { schema: { summary: 'Retrieve a model', tags: ['OpenAI'] } }, async (request: FastifyRequest<{ Params: { '*': string } }>) => {
    // The router has already decoded the path (`%2F` included); decoding again breaks ids with `%`.
    const id = request.params['*'];
    const listed = deps.registry.list();
    const match = listed.find((model) => model.id === id) ?? listed.find((model) => model.info?.id === id);
    if (match) return toOpenAIModel(match, id);
    const suggestions = closeMatches(id, listed.map((model) => model.id));
    throw new ModelNotFoundError(`The model "${id}" does not exist.${suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : ''}`, { param: 'model' });
  });
}
