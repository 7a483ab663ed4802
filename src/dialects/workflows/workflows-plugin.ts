import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Gateway } from '../../gateway/index.js';
import { toOpenAIError } from '../openai/openai-error.js';
import { callContext } from '../shared/call-context.js';
import { installDialect } from '../shared/install-dialect.js';
import { relayEvents } from '../shared/relay-events.js';
import { workflowRunEncoding, workflowRunObject } from './workflow-run-encoding.js';

const runBody = Type.Object({
  parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Inputs of the workflow\'s start node.' })),
  stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
}, { additionalProperties: true });
type RunBody = Static<typeof runBody>;
type RunCall = FastifyRequest<{ Body: RunBody; Params: { provider?: string; id: string } }>;

const known = new Set(Object.keys(runBody.properties));

/**
 * `POST /v1/workflows/{id}/runs`: an OpenAI-style home for workflows. `{id}` is
 * `<provider>/<workflow_id>` (the slash may be sent as is or as %2F) or a bare workflow id, which
 * runs on the default workflow provider. JSON, or SSE with `stream: true`; errors in OpenAI's shape.
 */
export async function workflowsDialect(app: FastifyInstance, gateway: Gateway): Promise<void> {
  installDialect(app, gateway.guard, toOpenAIError);
  const schema = { body: runBody, summary: 'Run a workflow (JSON, or SSE with stream: true)', tags: ['Workflows'] };

  const run = async (request: RunCall, reply: FastifyReply) => {
    const name = request.params.provider ? `${request.params.provider}/${request.params.id}` : request.params.id;
    const target = gateway.workflows.parse(name);
    const context = callContext(request, reply, '/v1/workflows/runs');
    const extra = Object.fromEntries(Object.entries(request.body).filter(([key]) => !known.has(key)));
    const options = Object.keys(extra).length ? extra : undefined;
    const parameters = request.body.parameters ?? {};
    if (request.body.stream) {
      const outcome = await gateway.workflows.stream(target, parameters, context, options);
      await relayEvents(reply, outcome.events, workflowRunEncoding(`${outcome.runner.provider}/${outcome.workflowId}`));
      return reply;
    }
    const result = await gateway.workflows.run(target, parameters, context, options);
    return workflowRunObject(`${result.runner.provider}/${result.workflowId}`, result);
  };
  app.post('/:id/runs', { schema }, run);
  app.post('/:provider/:id/runs', { schema }, run);
}
