import { ConfigError, type QiaoConfig } from '../config/index.js';
import { ApiKeyGuard, ChatService, ModelRegistry, UsageRecorder, silentLogger, type Logger } from '../gateway/index.js';
import { findProviderType } from '../providers/index.js';
import type { Provider } from '../spec/index.js';
import { openSqliteStorage, type Storage } from '../storage/index.js';

/** The gateway's services, composed from a config; what buildApp serves. */
export interface Gateway {
  config: QiaoConfig;
  registry: ModelRegistry;
  chat: ChatService;
  guard: ApiKeyGuard;
  usage: UsageRecorder;
  storage: Storage;
  startedAt: Date;
  /** Stops background work and flushes the usage log. */
  close(): Promise<void>;
}

function createProviders(config: QiaoConfig): Provider[] {
  return config.providers.map((options) => {
    const type = findProviderType(options.type);
    if (!type) throw new ConfigError(`providers.${options.name}.type: unknown provider type "${options.type}".`);
    try {
      return type.create(options, config.env);
    } catch (error) {
      throw new ConfigError(error instanceof Error ? error.message : String(error));
    }
  });
}

/** Builds every service from the config: storage (migrated), providers, registry, chat service. */
export async function createGateway(config: QiaoConfig, logger: Logger = silentLogger): Promise<Gateway> {
  const providers = createProviders(config);
  const storage = await openSqliteStorage(config.storage.sqlitePath);
  const registry = new ModelRegistry(providers, config.aliases, config.defaultProvider);
  const usage = new UsageRecorder(storage, logger);
  const chat = new ChatService(registry, usage, logger);
  const guard = new ApiKeyGuard(config.api.authEnabled, config.api.apiKey);

  const refresh = async () => {
    for (const failure of await registry.refresh()) logger.warn(failure, 'model discovery failed');
  };
  void refresh();
  const interval = config.modelDiscoveryIntervalSeconds;
  const timer = interval > 0 ? setInterval(() => void refresh(), interval * 1000) : undefined;
  timer?.unref();

  return {
    config, registry, chat, guard, usage, storage, startedAt: new Date(),
    async close() {
      if (timer) clearInterval(timer);
      await usage.close();
      await storage.close();
    },
  };
}
