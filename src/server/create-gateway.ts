import { ConfigError, type QiaoConfig } from '../config/index.js';
import { createKeyServices } from './create-key-services.js';
import {
  ChatService, HeartbeatMonitor, ModelRegistry, Router, RuntimeProviders, UsageRecorder, WorkflowService, silentLogger,
  ThreadService,
  type Gateway, type Logger, type RouterOptions,
} from '../gateway/index.js';
import { findProviderType } from '../providers/index.js';
import type { Provider } from '../spec/index.js';
import { openConfiguredRedis, openConfiguredStorage } from './open-engines.js';
import { startTelemetry } from './telemetry.js';
import { createVectorStoreService } from './create-vector-store.js';
import { createResponseCache } from '../gateway/cache/index.js';

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

/** The ai_core model before any `POST /config`: `core.model`, else the mock when nothing else is configured. */
function fallbackCoreModel(config: QiaoConfig, registry: ModelRegistry): string | undefined {
  const model = config.core.model ?? (config.mockOnly ? 'mock/mock-echo' : undefined);
  if (model === undefined) return undefined;
  try {
    registry.resolve(model);
  } catch (error) {
    throw new ConfigError(`core.model: ${error instanceof Error ? error.message : String(error)}`);
  }
  return model;
}

/** Records a provider added at runtime in the config's provider list (what /health reports), without its key. */
function noteRuntimeProvider(config: QiaoConfig, provider: { name: string; type: string }): void {
  const entry = { name: provider.name, type: provider.type, source: 'runtime' as const };
  const index = config.providers.findIndex((existing) => existing.name === provider.name);
  if (index >= 0) config.providers[index] = entry;
  else config.providers.push(entry);
}

/** What tests may replace in the services createGateway builds. */
export interface GatewayOptions {
  /** The router's backoff wait and randomness (tests: no real waits, no luck). */
  router?: Pick<RouterOptions, 'sleep' | 'random'>;
}

/** `providers.<name>.timeouts.firstByteMs`, for the router. */
function firstByteTimeouts(config: QiaoConfig): Map<string, number> {
  const timeouts = new Map<string, number>();
  for (const provider of config.providers) if (provider.timeouts?.firstByteMs) timeouts.set(provider.name, provider.timeouts.firstByteMs);
  return timeouts;
}

/** Builds every service from the config: storage (migrated), providers, registry, chat service, runtime providers (restored). */
export async function createGateway(config: QiaoConfig, logger: Logger = silentLogger, options: GatewayOptions = {}): Promise<Gateway> {
  const providers = createProviders(config);
  const registry = new ModelRegistry(providers, config.aliases, config.defaultProvider);
  const fallbackModel = fallbackCoreModel(config, registry);
  const storage = await openConfiguredStorage(config, logger);
  const redis = await openConfiguredRedis(config, logger).catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  const keyServices = createKeyServices(config, storage, redis, logger);
  const usage = new UsageRecorder(storage, logger, { prices: keyServices.prices, logBodies: config.usage.logBodies });
  const router = new Router({ registry, routing: config.routing, providerFirstByteMs: firstByteTimeouts(config), ...options.router });
  const chat = new ChatService(registry, usage, logger, router, { cache: createResponseCache(config.cache, redis, logger), admission: keyServices.admission });
  const vectors = createVectorStoreService(config, chat);
  const workflows = new WorkflowService(registry, config.defaultProvider, keyServices.admission);
  const threads = new ThreadService({ chat, registry, store: storage.threads, memory: config.memory, logger, redis });
  const { guard, keys, keySpend, retention } = keyServices;
  const runtimeProviders = new RuntimeProviders({
    registry, storage, env: config.env, fallbackModel, onProviderSet: (provider) => noteRuntimeProvider(config, provider),
  });
  let notices: string[];
  try {
    notices = await runtimeProviders.restore();
  } catch (error) {
    await usage.close();
    await storage.close();
    redis?.disconnect();
    throw error;
  }
  for (const notice of notices) logger.info({}, notice);
  const telemetry = await startTelemetry(config, { registry, usage, chat }, logger);
  // One row per deployment (an alias's and a direct use of the same deployment share one breaker).
  telemetry.metrics?.watchDeployments({
    snapshot: () => [...new Map(router.snapshot().map((row) => [row.deployment, {
      deployment: row.deployment, provider: row.provider, circuit: row.circuit, in_flight: row.inFlight,
    }])).values()],
  });

  const refresh = async () => {
    for (const failure of await registry.refresh()) logger.warn(failure, 'model discovery failed');
  };
  void refresh();
  const interval = config.modelDiscoveryIntervalSeconds;
  const timer = interval > 0 ? setInterval(() => void refresh(), interval * 1000) : undefined;
  timer?.unref();
  const heartbeat = new HeartbeatMonitor();
  retention.start();

  return {
    config, registry, chat, router, threads, vectors, workflows, guard, keys, keySpend, usage, storage, redis, runtimeProviders, heartbeat, notices, startedAt: new Date(),
    metrics: telemetry.metrics, tracer: telemetry.tracer,
    async close() {
      heartbeat.stop();
      if (timer) clearInterval(timer);
      await retention.stop();
      await usage.close();
      await telemetry.close();
      await vectors.close();
      await storage.close();
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
