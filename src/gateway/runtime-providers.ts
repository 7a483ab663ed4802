import { InvalidRequestError } from '../errors/index.js';
import { allProviderTypes, findProviderType, type Environment, type ProviderInstanceOptions } from '../providers/index.js';
import type { Provider } from '../spec/index.js';
import type { CoreModelRecord, RuntimeProviderRecord, Storage } from '../storage/index.js';
import type { ModelRegistry } from './model-registry.js';

/** The alias the core model is served under; `/v1` clients can use it too. */
export const coreModelAlias = 'ai-core';

/** A provider to add while running, and the model to use it with (seed 000's `POST /config`). */
export interface RuntimeProviderSettings {
  /** Provider type id; the instance is named after it. */
  type: string;
  /** API key; falls back to the type's environment variables. */
  apiKey?: string;
  /** Upstream model id. */
  model: string;
  /** Base URL; falls back to the type's environment variable, then its default. */
  baseUrl?: string;
  /** Upstream timeout in seconds (time to the response headers, and longest silence in a stream). */
  timeoutSeconds?: number;
  /** Extra attempts on the same deployment before the first byte; 0 when absent. */
  maxRetries?: number;
}

/** The model the ai_core API answers with. */
export interface CoreModel {
  /** The name the chat service resolves: the core alias, or the configured `core.model`. */
  route: string;
  /** Provider instance, when set by `POST /config`. */
  provider?: string;
}

/** What RuntimeProviders works with. */
export interface RuntimeProvidersOptions {
  registry: ModelRegistry;
  storage: Storage;
  /** The environment providers read fallback keys and base URLs from. */
  env: Environment;
  /** The core model before any `POST /config`, if the gateway has one. */
  fallbackModel?: string;
  /** Told about every provider added or replaced (for health reporting). */
  onProviderSet?: (provider: { name: string; type: string }) => void;
}

/**
 * Providers added while running and the core model of seed 000's ai_core API. Each `configure`
 * builds the provider through the provider type registry exactly as config-file providers are
 * built, stores it (the key sealed by storage), and routes the core alias to it, tried up to
 * 1 + maxRetries times (with backoff) before the first byte.
 * Errors name the fields of `POST /config`.
 */
export class RuntimeProviders {
  private current: CoreModel | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: RuntimeProvidersOptions) {}

  /** Every provider type id `configure` accepts. */
  providerTypeIds(): string[] {
    return allProviderTypes().map((type) => type.id);
  }

  /** The model the ai_core API uses now, or undefined when there is none yet. */
  coreModel(): CoreModel | undefined {
    if (this.current) return this.current;
    return this.options.fallbackModel === undefined ? undefined : { route: this.options.fallbackModel };
  }

  /** Creates or replaces the provider, stores it, and makes it the core model. Calls run one at a time. */
  configure(settings: RuntimeProviderSettings): Promise<CoreModel> {
    const run = this.queue.then(() => this.apply(settings));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Re-creates stored providers and the core model; returns notices for the startup banner. */
  async restore(): Promise<string[]> {
    const { providers, coreModel } = await this.options.storage.runtimeConfig.load();
    const notices: string[] = [];
    const restored = new Set<string>();
    for (const stored of providers) {
      if (stored.apiKeyUnreadable) {
        notices.push(`Provider ${stored.name} (from POST /config) not restored: its stored api_key cannot be decrypted (QIAO_SECRET_KEY or secret.key changed). POST /config again.`);
        continue;
      }
      try {
        this.install(this.build(stored));
        restored.add(stored.name);
      } catch (error) {
        notices.push(`Provider ${stored.name} (from POST /config) not restored: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (coreModel && restored.has(coreModel.provider)) {
      this.route(coreModel);
      notices.push(`ai_core model: ${coreModel.provider}/${coreModel.model} (from POST /config, ${coreModel.maxRetries} retries)`);
    }
    return notices;
  }

  private async apply(settings: RuntimeProviderSettings): Promise<CoreModel> {
    const record: RuntimeProviderRecord = {
      name: settings.type,
      type: settings.type,
      ...(settings.apiKey !== undefined && { apiKey: settings.apiKey }),
      ...(settings.baseUrl !== undefined && { baseUrl: settings.baseUrl }),
      ...(settings.timeoutSeconds !== undefined && { timeoutSeconds: settings.timeoutSeconds }),
    };
    const built = this.build(record);
    if (!built.provider.configured) {
      throw new InvalidRequestError(`api_key is required for provider_type "${settings.type}".`, { param: 'api_key' });
    }
    const coreModel: CoreModelRecord = { provider: record.name, model: settings.model, maxRetries: settings.maxRetries ?? 0 };
    // Stored first: a failed write leaves the running configuration as it was.
    await this.options.storage.runtimeConfig.save(record, coreModel);
    this.install(built);
    return this.route(coreModel);
  }

  private build(record: RuntimeProviderRecord): { provider: Provider; type: string } {
    const type = findProviderType(record.type);
    if (!type) {
      throw new InvalidRequestError(`Unknown provider_type "${record.type}"; one of: ${this.providerTypeIds().join(', ')}.`, { param: 'provider_type' });
    }
    const timeoutMs = record.timeoutSeconds === undefined ? undefined : Math.max(1, Math.round(record.timeoutSeconds * 1000));
    const options: ProviderInstanceOptions = {
      name: record.name,
      type: record.type,
      ...(record.apiKey !== undefined && { apiKey: record.apiKey }),
      ...(record.baseUrl !== undefined && { baseUrl: record.baseUrl }),
      ...(timeoutMs !== undefined && { timeouts: { headersMs: timeoutMs, idleMs: timeoutMs } }),
    };
    try {
      return { provider: type.create(options, this.options.env), type: type.id };
    } catch (error) {
      throw new InvalidRequestError(`Cannot configure provider_type "${record.type}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private install(built: { provider: Provider; type: string }): void {
    this.options.registry.setProvider(built.provider);
    this.options.onProviderSet?.({ name: built.provider.name, type: built.type });
  }

  private route(coreModel: CoreModelRecord): CoreModel {
    const target = `${coreModel.provider}/${coreModel.model}`;
    this.options.registry.setAlias(coreModelAlias, [target], 1 + coreModel.maxRetries);
    this.current = { route: coreModelAlias, provider: coreModel.provider };
    return this.current;
  }
}
