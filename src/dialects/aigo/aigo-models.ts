import type { Deployment, ModelRegistry } from '../../gateway/index.js';
import type { ModelCapability, ModelInfo } from '../../spec/index.js';

/** A model as AIgo lists it (seed 002) — only what Qiao really knows, nothing invented. */
export interface AigoModel {
  id: string;
  name: string;
  provider: string;
  capabilities: string[];
  parameters: { max_context_length?: number };
  metadata: { context_window?: number; owned_by?: string; qiao_model?: string; alias_of?: string[] };
}

const capabilityNames: Record<ModelCapability, string[]> = {
  chat: ['text_generation', 'chat'],
  embedding: ['embedding'],
  vision: ['vision'],
  tools: ['tools'],
  reasoning: ['reasoning'],
};

/** What the AIgo dialect needs to know about models. */
export interface AigoModelDependencies {
  registry: ModelRegistry;
}

const isProvider = (name: string, deps: AigoModelDependencies) => deps.registry.provider(name) !== undefined;

/**
 * AIgo ids are `<provider>:<model>`, the first colon separating the provider (provider names
 * cannot contain one) from the model, which may contain more (`ollama:deepseek-r1:8b`). Aliases
 * win; ids whose prefix is no configured provider (e.g. a bare `deepseek-r1:8b`) pass unchanged.
 */
export function toQiaoModelName(id: string, deps: AigoModelDependencies): string {
  const colon = id.indexOf(':');
  if (colon <= 0 || colon === id.length - 1) return id;
  const provider = id.slice(0, colon);
  if (!isProvider(provider, deps) || deps.registry.aliasTargets(id)) return id;
  return `${provider}/${id.slice(colon + 1)}`;
}

/** `provider/model` (how aliases and /v1 name models) as an AIgo id; other names unchanged. */
function toAigoId(qiaoName: string, deps: AigoModelDependencies): string {
  const slash = qiaoName.indexOf('/');
  if (slash <= 0) return qiaoName;
  const provider = qiaoName.slice(0, slash);
  return isProvider(provider, deps) ? `${provider}:${qiaoName.slice(slash + 1)}` : qiaoName;
}

function toAigoModel(id: string, provider: string, info: ModelInfo | undefined, qiaoModel: string | undefined): AigoModel {
  const capabilities = [...new Set((info?.capabilities ?? ['chat']).flatMap((capability) => capabilityNames[capability]))];
  return {
    id,
    name: info?.id ?? id,
    provider,
    capabilities,
    parameters: info?.contextWindow === undefined ? {} : { max_context_length: info.contextWindow },
    metadata: {
      ...(info?.contextWindow !== undefined && { context_window: info.contextWindow }),
      ...(info?.ownedBy !== undefined && { owned_by: info.ownedBy }),
      ...(qiaoModel !== undefined && { qiao_model: qiaoModel }),
    },
  };
}

/** Where the registry sends a call for `name` first; undefined when it cannot resolve the name. */
function firstDeployment(name: string, deps: AigoModelDependencies): Deployment | undefined {
  try {
    return deps.registry.resolve(name).deployments[0];
  } catch {
    return undefined;
  }
}

/** What the registry lists about a deployment's model, if it lists it. */
const listedInfo = (deployment: Deployment, deps: AigoModelDependencies) =>
  deps.registry.modelsOf(deployment.provider).find((model) => model.id === deployment.modelId);

function describeAlias(alias: string, targets: readonly string[], deps: AigoModelDependencies): AigoModel {
  const target = firstDeployment(alias, deps);
  const model = toAigoModel(alias, target?.provider.name ?? 'qiao', target && listedInfo(target, deps), undefined);
  return { ...model, name: alias, metadata: { ...model.metadata, alias_of: targets.map((name) => toAigoId(name, deps)) } };
}

/** Every listed model of every provider, then the aliases. */
export function listAigoModels(deps: AigoModelDependencies): AigoModel[] {
  return deps.registry.list().map((listed) => (listed.aliasOf
    ? describeAlias(listed.id, listed.aliasOf, deps)
    : toAigoModel(`${listed.ownedBy}:${listed.info?.id ?? ''}`, listed.ownedBy, listed.info, listed.id)));
}

/**
 * One model by the id a client sent (echoed back as `id`): an alias, `<provider>:<model>`,
 * `provider/model` or a bare name. Undefined unless a provider lists the model it resolves to.
 */
export function findAigoModel(id: string, deps: AigoModelDependencies): AigoModel | undefined {
  const targets = deps.registry.aliasTargets(id);
  if (targets) return describeAlias(id, targets, deps);
  const deployment = firstDeployment(toQiaoModelName(id, deps), deps);
  const info = deployment && listedInfo(deployment, deps);
  return deployment && info ? toAigoModel(id, deployment.provider.name, info, `${deployment.provider.name}/${info.id}`) : undefined;
}
