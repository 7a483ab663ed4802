import { aliasFromTargets, type AliasDefinition, type DeploymentTimeouts, type RoutingStrategy } from '../config/index.js';
import { ModelNotFoundError } from '../errors/index.js';
import type { ModelInfo, Provider } from '../spec/index.js';
import { closeMatches } from './close-matches.js';

/** Routes remembered by name at most; beyond, the memo starts again. */
const maxRememberedRoutes = 10_000;

/** One place a model name can be served: a provider and the upstream's model id. */
export interface Deployment {
  /** The provider instance (one per credential: several keys of one vendor are several instances). */
  provider: Provider;
  /** The model id sent upstream. */
  modelId: string;
  /** `provider/model`: names it in logs, headers, health and its circuit breaker. */
  name: string;
  /** Share of traffic within its priority group under the weighted strategy. */
  weight: number;
  /** Its group: lower groups are tried first. */
  priority: number;
  /** Stream timeouts of this deployment, over the provider's. */
  timeouts?: DeploymentTimeouts;
}

/** What a requested model name resolved to: deployments to try. */
export interface Route {
  /** The name the client asked for, echoed in responses. */
  requested: string;
  /** Set when the name is an alias. */
  alias?: string;
  /** How each priority group orders its deployments. */
  strategy: RoutingStrategy;
  /** Deployments sorted by priority (stable: declared order within a group); never empty. */
  deployments: Deployment[];
  /** Tries of each deployment, when the alias sets it. */
  maxAttemptsPerDeployment?: number;
}

/** An alias as the registry is given it: a definition, or targets in fallback order. */
export type AliasInput = AliasDefinition | readonly string[];

/** A model as listed by `/v1/models`. */
export interface ListedModel {
  /** Addressable id (`provider/model` or an alias). */
  id: string;
  /** Provider instance name, or `qiao` for aliases. */
  ownedBy: string;
  /** What Qiao knows of the model. */
  info?: ModelInfo;
  /** For aliases: what they point to. */
  aliasOf?: string[];
}

/** The outcome of the last model discovery of one provider. */
export interface DiscoveryStatus {
  /** Whether the upstream answered the last discovery. */
  reachable: boolean;
  /** When that discovery ended. */
  checkedAt: Date;
  /** Why it failed (a GatewayError message: never a credential). */
  error?: string;
}

/**
 * Knows every model of every configured provider and resolves the names clients send:
 * aliases, `provider/model` (forwarded even when unlisted), and bare names (the one provider
 * that lists it, else the default provider).
 */
export class ModelRegistry {
  private readonly providers = new Map<string, Provider>();
  private readonly discovered = new Map<string, ModelInfo[]>();
  private readonly discoveries = new Map<string, DiscoveryStatus>();
  private readonly aliases: Record<string, AliasDefinition>;
  /** Resolved alias routes, rebuilt when providers, aliases or model lists change. */
  /** Routes by requested name, until an alias, a provider or a model list changes. */
  private routes = new Map<string, Route>();
  /** Merged model lists per provider, and which providers list each model id: built when first needed, dropped on change. */
  private modelLists = new Map<string, readonly ModelInfo[]>();
  private listingProviders: Map<string, Provider[]> | undefined;

  constructor(providers: Provider[], aliases: Record<string, AliasInput>, private readonly defaultProvider?: string) {
    for (const provider of providers) this.providers.set(provider.name, provider);
    // A copy: aliases set at runtime must not change the configuration they started from.
    this.aliases = {};
    for (const [name, alias] of Object.entries(aliases)) this.aliases[name] = isTargetList(alias) ? aliasFromTargets(alias) : alias;
  }

  /** Adds a provider instance while running, or replaces the one of the same name (forgetting its discovered models). */
  setProvider(provider: Provider): void {
    this.providers.set(provider.name, provider);
    this.discovered.delete(provider.name);
    this.discoveries.delete(provider.name);
    this.forgetModelLists();
  }

  /**
   * Defines or redefines an alias while running. Targets are tried in order; naming a target again
   * makes a retry of it (fallback happens on retryable failures before the first byte).
   * `maxAttemptsPerDeployment` sets how often each is tried (else `routing.maxAttemptsPerDeployment`).
   */
  setAlias(name: string, targets: string[], maxAttemptsPerDeployment?: number): void {
    if (targets.length === 0) throw new Error(`Alias "${name}" needs at least one target.`);
    this.aliases[name] = aliasFromTargets(targets, maxAttemptsPerDeployment);
    this.routes.delete(name);
  }

  /** The targets of an alias, or undefined when `name` is no alias. */
  aliasTargets(name: string): readonly string[] | undefined {
    return Object.hasOwn(this.aliases, name) ? this.aliases[name]!.deployments.map((deployment) => deployment.target) : undefined;
  }

  /** Every alias with its definition. */
  allAliases(): [string, AliasDefinition][] {
    return Object.entries(this.aliases);
  }

  /** A provider instance by name. */
  provider(name: string): Provider | undefined {
    return this.providers.get(name);
  }

  /** All provider instances. */
  allProviders(): Provider[] {
    return [...this.providers.values()];
  }

  /** Models of one provider: configured ones plus those discovered from the upstream. */
  modelsOf(provider: Provider): readonly ModelInfo[] {
    let models = this.modelLists.get(provider.name);
    if (!models) {
      const byId = new Map(provider.configuredModels.map((model) => [model.id, model]));
      for (const model of this.discovered.get(provider.name) ?? []) if (!byId.has(model.id)) byId.set(model.id, model);
      this.modelLists.set(provider.name, models = [...byId.values()]);
    }
    return models;
  }

  /** Resolves a client's model name; throws ModelNotFoundError (404) listing close matches. */
  resolve(name: string): Route {
    const cached = this.routes.get(name);
    if (cached) return cached;
    const route = this.routeOf(name);
    // `provider/<any id>` resolves for any id a client makes up: the memo is bounded.
    if (this.routes.size >= maxRememberedRoutes) this.routes = new Map();
    this.routes.set(name, route);
    return route;
  }

  private routeOf(name: string): Route {
    const alias = Object.hasOwn(this.aliases, name) ? this.aliases[name] : undefined;
    if (!alias) return { requested: name, strategy: 'weighted', deployments: [this.deployment(this.resolveTarget(name, name), 1, 0)] };
    const deployments = alias.deployments.map((entry) => this.deployment(this.resolveTarget(entry.target, name), entry.weight, entry.priority, entry.timeouts));
    deployments.sort((a, b) => a.priority - b.priority);
    const route: Route = { requested: name, alias: name, strategy: alias.strategy, deployments };
    if (alias.maxAttemptsPerDeployment !== undefined) route.maxAttemptsPerDeployment = alias.maxAttemptsPerDeployment;
    return route;
  }

  /**
   * A route over explicit targets (an admin's per-request override): one priority group per target,
   * in order. `param` names what the client sent them in, for errors.
   */
  resolveTargets(requested: string, targets: readonly string[], param: string): Route {
    const deployments = targets.map((target, priority) => {
      try {
        return this.deployment(this.resolveTarget(target, target), 1, priority);
      } catch (error) {
        if (error instanceof ModelNotFoundError) throw new ModelNotFoundError(error.message, { param });
        throw error;
      }
    });
    return { requested, strategy: 'weighted', deployments };
  }

  /** Everything `/v1/models` lists. */
  list(): ListedModel[] {
    const listed: ListedModel[] = [];
    for (const provider of this.providers.values()) {
      for (const info of this.modelsOf(provider)) listed.push({ id: `${provider.name}/${info.id}`, ownedBy: provider.name, info });
    }
    for (const [alias, definition] of Object.entries(this.aliases)) {
      listed.push({ id: alias, ownedBy: 'qiao', aliasOf: definition.deployments.map((deployment) => deployment.target) });
    }
    return listed;
  }

  /** The last discovery of a provider; undefined before the first or when it cannot list models. */
  discoveryStatus(provider: Provider): DiscoveryStatus | undefined {
    return this.discoveries.get(provider.name);
  }

  /**
   * Asks every provider that can list its models; failures are returned, not thrown, and remembered
   * (with the models discovered before them kept) until the next discovery of that provider.
   */
  async refresh(signal?: AbortSignal): Promise<{ provider: string; error: string }[]> {
    const failures: { provider: string; error: string }[] = [];
    await Promise.all([...this.providers.values()].map(async (provider) => {
      if (!provider.discoverModels || !provider.configured) return;
      try {
        this.discovered.set(provider.name, await provider.discoverModels({ abortSignal: signal }));
        this.forgetModelLists();
        this.discoveries.set(provider.name, { reachable: true, checkedAt: new Date() });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ provider: provider.name, error: message });
        this.discoveries.set(provider.name, { reachable: false, checkedAt: new Date(), error: message });
      }
    }));
    return failures;
  }

  private deployment(target: { provider: Provider; modelId: string }, weight: number, priority: number, timeouts?: DeploymentTimeouts): Deployment {
    const deployment: Deployment = { provider: target.provider, modelId: target.modelId, name: `${target.provider.name}/${target.modelId}`, weight, priority };
    if (timeouts) deployment.timeouts = timeouts;
    return deployment;
  }

  private resolveTarget(target: string, requested: string): { provider: Provider; modelId: string } {
    const slash = target.indexOf('/');
    if (slash > 0) {
      const provider = this.providers.get(target.slice(0, slash));
      const modelId = target.slice(slash + 1);
      if (provider && modelId) return { provider, modelId };
    }
    const listing = this.providersListing(target);
    const preferred = listing.length > 1 ? listing.find((provider) => provider.name === this.defaultProvider) : listing[0];
    if (preferred) return { provider: preferred, modelId: target };
    if (listing.length > 1) {
      const options = listing.map((provider) => `${provider.name}/${target}`).join(', ');
      throw new ModelNotFoundError(`Model "${requested}" is served by several providers; choose one of: ${options}.`, { param: 'model' });
    }
    const fallback = this.defaultProvider ? this.providers.get(this.defaultProvider) : undefined;
    if (fallback) return { provider: fallback, modelId: target };
    const suggestions = closeMatches(target, this.knownNames());
    const hint = suggestions.length ? ` Did you mean: ${suggestions.join(', ')}?` : ' GET /v1/models lists what is available.';
    throw new ModelNotFoundError(`The model "${requested}" does not exist or no configured provider serves it.${hint}`, { param: 'model' });
  }

  /** Providers whose model list has this id; resolving a bare name is a map lookup, not a scan. */
  private providersListing(modelId: string): Provider[] {
    if (!this.listingProviders) {
      const index = new Map<string, Provider[]>();
      for (const provider of this.providers.values()) {
        for (const model of this.modelsOf(provider)) {
          const providers = index.get(model.id);
          if (providers) providers.push(provider);
          else index.set(model.id, [provider]);
        }
      }
      this.listingProviders = index;
    }
    return this.listingProviders.get(modelId) ?? [];
  }

  private forgetModelLists(): void {
    this.modelLists = new Map();
    this.listingProviders = undefined;
    this.routes = new Map();
  }

  private knownNames(): string[] {
    const names = Object.keys(this.aliases);
    for (const provider of this.providers.values()) {
      for (const model of this.modelsOf(provider)) names.push(`${provider.name}/${model.id}`, model.id);
    }
    return names;
  }
}

function isTargetList(alias: AliasInput): alias is readonly string[] {
  return Array.isArray(alias);
}
