import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ModelNotFoundError } from '../../errors/index.js';
import { closeMatches } from '../../gateway/index.js';
import { findAigoModel, listAigoModels, type AigoModelDependencies } from './aigo-models.js';

/** `GET /models` and `GET /models/{model_id}` (ids contain `:` and may contain `/`). */
export async function aigoModelRoutes(app: FastifyInstance, deps: AigoModelDependencies): Promise<void> {
  app.get('/models', { schema: { summary: 'List models (AIgo)', tags: ['AIgo'] } }, async () => ({ models: listAigoModels(deps) }));

  app.get('/models/*', { schema: { summary: 'Retrieve a model (AIgo)', tags: ['AIgo'] } }, async (request: FastifyRequest<{ Params: { '*': string } }>) => {
    // Fastify has already percent-decoded the path parameter (`ollama%3Adeepseek-r1%3A8b` arrives decoded).
    const id = request.params['*'];
    const model = findAigoModel(id, deps);
    if (model) return model;
    const suggestions = closeMatches(id, listAigoModels(deps).map((candidate) => candidate.id));
    throw new ModelNotFoundError(`The model "${id}" is not listed by any configured provider.${suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : ' GET /api/v1/models lists what is available.'}`, { param: 'model_id' });
  });
}
