import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../../errors/index.js';
import type { Gateway } from '../../gateway/index.js';
import { callContext } from '../shared/call-context.js';
import { relayEvents } from '../shared/relay-events.js';
import { platformBody, type PlatformBody } from './ai-platform-schemas.js';
import { platformUsage, workflowEncoding } from './platform-stream.js';
import { resolveWorkflowProvider } from './service-catalog.js';
import { toWorkflowCall } from './to-platform-requests.js';

type Call = FastifyRequest<{ Body: PlatformBody }>;

function prepare(gateway: Gateway, body: PlatformBody) {
  if (body.service_type && body.service_type !== 'workflow') {
    throw new InvalidRequestError(`service_type "${body.service_type}" runs no workflows; send service_type "workflow" (chat: POST /ai/chat).`, { param: 'service_type' });
  }
  const provider = resolveWorkflowProvider(gateway, body.service_name);
  const call = toWorkflowCall(body);
  return { target: { provider, workflowId: call.workflowId }, call };
}

async function streamWorkflow(request: Call, reply: FastifyReply, gateway: Gateway, endpoint: string): Promise<FastifyReply> {
  const { target, call } = prepare(gateway, request.body);
  const outcome = await gateway.workflows.stream(target, call.inputs, callContext(request, reply, endpoint), call.providerOptions);
  await relayEvents(reply, outcome.events, workflowEncoding(request.body.service_name ?? `${outcome.runner.provider}_workflow`, outcome.workflowId));
  return reply;
}

/** `POST /workflow` (JSON, or SSE with `stream: true`) and `POST /workflow/stream` (always SSE). */
export async function workflowRoutes(app: FastifyInstance, gateway: Gateway): Promise<void> {
  app.post('/workflow', { schema: { body: platformBody, summary: 'Run a workflow (seed 001)', tags: ['AI platform'] } }, async (request: Call, reply) => {
    if (request.body.stream) return streamWorkflow(request, reply, gateway, '/ai/workflow');
    const { target, call } = prepare(gateway, request.body);
    const result = await gateway.workflows.run(target, call.inputs, callContext(request, reply, '/ai/workflow'), call.providerOptions);
    return {
      success: true,
      service_type: 'workflow',
      service_name: request.body.service_name ?? `${result.runner.provider}_workflow`,
      workflow_id: result.workflowId,
      content: result.text,
      full_text: result.text,
      output: result.output ?? null,
      usage: platformUsage(result.usage),
      ...(result.runId && { run_id: result.runId }),
      ...(result.debugUrl && { debug_url: result.debugUrl }),
    };
  });
  app.post('/workflow/stream', { schema: { body: platformBody, summary: 'Run a workflow, streamed (seed 001)', tags: ['AI platform'] } },
    (request: Call, reply) => streamWorkflow(request, reply, gateway, '/ai/workflow/stream'));
}
