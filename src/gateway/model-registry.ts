import { ModelNotFoundError } from '../errors/index.js';
import type { ModelInfo, Provider } from '../spec/index.js';
import { closeMatches } from './close-matches.js';

/** One place a model name can be served: a provider and the upstream's model id. */
export interface Deployment {
  /** The provider instance. */
  provider: Provider;
  /** The model id sent upstream. */
  modelId: string;
}

/** What a requested model name resolved to: deployments to try in order. */
export interface Route {
  /** The name the client asked for, echoed in responses. */
  requested: string;
  /** Deployments in fallback order; never empty. */
  deployments: Deployment[];
}

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
  private readonly aliases: Record<string, string[]>;
  /** Merged model lists per provider, and which providers list each model id: built when first needed, dropped on change. */
  private modelLists = new Map<string, readonly ModelInfo[]>();
  private listingProviders: Map<string, Provider[]> | undefined;

  constructor(providers: Provider[], aliases: Record<string, string[]>, private readonly defaultProvider?: string) {
    for (const provider of providers) this.providers.set(provider.name, provider);
    // A copy: aliases set at runtime must not change the configuration they started from.
    this.aliases = { ...aliases };
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
   */
  setAlias(name: string, targets: string[]): void {
    if (targets.length === 0) throw new Error(`Alias "${name}" needs at least one target.`);
    this.aliases[name] = [...targets];
  }

  /** The targets of an alias, or undefined when `name` is no alias. */
  aliasTargets(name: string): readonly string[] | undefined {
    return Object.hasOwn(this.aliases, name) ? this.aliases[name] : undefined;
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
    const alias = Object.hasOwn(this.aliases, name) ? this.aliases[name] : undefined;
    if (alias) return { requested: name, deployments: alias.map((target) => this.resolveTarget(target, name)) };
    return { requested: name, deployments: [this.resolveTarget(name, name)] };
  }

  /** Everything `/v1/models` lists. */
  list(): ListedModel[] {
    const listed: ListedModel[] = [];
    for (const provider of this.providers.values()) {
      for (const info of this.modelsOf(provider)) listed.push({ id: `${provider.name}/${info.id}`, ownedBy: provider.name, info });
    }
    for (const [alias, targets] of Object.entries(this.aliases)) listed.push({ id: alias, ownedBy: 'qiao', aliasOf: targets });
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

  private resolveTarget(target: string, requested: string): Deployment {
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
  }

  private knownNames(): string[] {
    const names = Object.keys(this.aliases);
    for (const provider of this.providers.values()) {
      for (const model of this.modelsOf(provider)) names.push(`${provider.name}/${model.id}`, model.id);
    }
    return names;
  }
}
