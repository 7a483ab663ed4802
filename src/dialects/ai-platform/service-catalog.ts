import { InvalidRequestError, NotFoundError } from '../../errors/index.js';
import { closeMatches, type Gateway } from '../../gateway/index.js';
import type { ModelInfo, Provider } from '../../spec/index.js';

/** One entry of `GET /ai/services`. */
export interface PlatformService {
  service_name: string;
  service_type: 'chat' | 'workflow' | 'embedding';
  /** The provider instance behind it (`qiao` for aliases). */
  provider: string;
  /** Whether it has what it needs to make calls. */
  configured: boolean;
  /** Models (bots) it serves; the first is its default. */
  models: string[];
  /** The model used when a call names none, if any. */
  default_model: string | null;
  /** For workflow services: the workflow run when a call names none. */
  default_workflow_id?: string | null;
}

const workflowSuffix = '_workflow';
const embeddingSuffix = '_embedding';

const isChat = (model: ModelInfo) => !model.capabilities || model.capabilities.includes('chat');
const isEmbedding = (model: ModelInfo) => model.capabilities?.includes('embedding') ?? false;

/** Every service Qiao has: per provider a chat service (its name), a workflow and an embedding service where it has them, and the aliases. */
export function listServices(gateway: Gateway): PlatformService[] {
  const services: PlatformService[] = [];
  for (const provider of gateway.registry.allProviders()) {
    const models = gateway.registry.modelsOf(provider);
    const chat = models.filter(isChat).map((model) => model.id);
    const embedding = models.filter(isEmbedding).map((model) => model.id);
    const base = { provider: provider.name, configured: provider.configured };
    if (chat.length > 0 || models.length === 0) services.push({ ...base, service_name: provider.name, service_type: 'chat', models: chat, default_model: chat[0] ?? null });
    const runner = provider.workflowRunner?.();
    if (runner) services.push({ ...base, service_name: `${provider.name}${workflowSuffix}`, service_type: 'workflow', models: [], default_model: null, default_workflow_id: runner.defaultWorkflowId ?? null });
    if (embedding.length > 0) services.push({ ...base, service_name: `${provider.name}${embeddingSuffix}`, service_type: 'embedding', models: embedding, default_model: embedding[0] ?? null });
  }
  for (const listed of gateway.registry.list()) {
    if (listed.aliasOf) services.push({ service_name: listed.id, service_type: 'chat', provider: 'qiao', configured: true, models: [...listed.aliasOf], default_model: listed.aliasOf[0] ?? null });
  }
  return services;
}

const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** A provider named by a service name with a suffix (`coze_workflow` → coze). */
function providerWithSuffix(gateway: Gateway, name: string, suffix: string): Provider | undefined {
  return name.endsWith(suffix) ? gateway.registry.provider(name.slice(0, -suffix.length)) : undefined;
}

/** Whether a name is a model Qiao knows: an alias, `provider/model` of a configured provider, or a model some provider lists. */
function isKnownModel(gateway: Gateway, name: string): boolean {
  if (gateway.registry.aliasTargets(name)) return true;
  const slash = name.indexOf('/');
  if (slash > 0 && gateway.registry.provider(name.slice(0, slash)) && slash < name.length - 1) return true;
  return gateway.registry.allProviders().some((provider) => gateway.registry.modelsOf(provider).some((model) => model.id === name));
}

function unknownService(gateway: Gateway, name: string): NotFoundError {
  const names = listServices(gateway).map((service) => service.service_name);
  const close = closeMatches(name, names);
  const hint = close.length ? ` Did you mean: ${close.join(', ')}?` : ` Available: ${names.join(', ')}.`;
  return new NotFoundError(`Unknown service_name "${name}"; GET /ai/services lists the services.${hint}`, { param: 'service_name' });
}

/** The model a chat call goes to: a provider's `parameters.model` / `parameters.bot_id` / default model, or a model name. */
export function resolveChatModel(gateway: Gateway, name: string | undefined, parameters: Record<string, unknown>): string {
  if (!name) throw new InvalidRequestError('Missing service_name: send the chat service to use (e.g. "coze" or a model name); GET /ai/services lists them.', { param: 'service_name' });
  const workflowProvider = providerWithSuffix(gateway, name, workflowSuffix);
  if (workflowProvider?.workflowRunner) {
    throw new InvalidRequestError(`"${name}" is a workflow service; send it to POST /ai/workflow, or use the chat service "${workflowProvider.name}".`, { param: 'service_name' });
  }
  if (providerWithSuffix(gateway, name, embeddingSuffix)) throw new InvalidRequestError(`"${name}" is an embedding service; it does not chat.`, { param: 'service_name' });
  const provider = gateway.registry.provider(name);
  if (provider) {
    const model = text(parameters.model) ?? text(parameters.bot_id) ?? gateway.registry.modelsOf(provider).find(isChat)?.id;
    if (!model) {
      throw new InvalidRequestError(`Service "${name}" has no default bot or model: send parameters.bot_id (or parameters.model), or configure a default for provider "${name}".`, { param: 'parameters.bot_id' });
    }
    return `${name}/${model}`;
  }
  if (isKnownModel(gateway, name)) return name;
  throw unknownService(gateway, name);
}

/** The provider a workflow call goes to (undefined: the default workflow provider). */
export function resolveWorkflowProvider(gateway: Gateway, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const provider = providerWithSuffix(gateway, name, workflowSuffix) ?? gateway.registry.provider(name);
  if (provider?.workflowRunner) return provider.name;
  if (provider || isKnownModel(gateway, name)) {
    const workflows = gateway.workflows.providers().map((candidate) => `${candidate.name}${workflowSuffix}`);
    throw new InvalidRequestError(`"${name}" is a chat service and runs no workflows; send it to POST /ai/chat${workflows.length ? `, or use a workflow service: ${workflows.join(', ')}` : ''}.`, { param: 'service_name' });
  }
  throw unknownService(gateway, name);
}
