import { randomUUID } from 'node:crypto';
import { ChatService, ModelRegistry, UsageRecorder, silentLogger, type CallContext, type Logger } from '../gateway/index.js';
import { findProviderType, registerBuiltinProviders } from '../providers/index.js';
import type { Provider } from '../spec/index.js';
import type { RequestLogEntry, Storage } from '../storage/index.js';
import { ModelConfig } from './model-config.js';

/** What a runner does with a model: the roles a MixedModelRunner can give to different models. */
export type ModelRole = 'chat' | 'generation' | 'embedding';

/** Options shared by every runner. */
export interface RunnerOptions {
  /** Where the runner logs fallbacks (e.g. a `createLogger(…)` logger); silent by default. */
  logger?: Logger;
  /** Called once per finished model call with what the server would write to its usage log. */
  onUsage?: (entry: RequestLogEntry) => void;
}

const nowhere = { requestLog: { insertMany: async () => {} } };

/** Hands each usage entry to a callback instead of the database. */
class CallbackUsageRecorder extends UsageRecorder {
  constructor(private readonly onUsage?: (entry: RequestLogEntry) => void) {
    super(nowhere, silentLogger, { flushIntervalMs: 2 ** 31 - 1 });
  }

  override record(entry: RequestLogEntry): void {
    this.onUsage?.(entry);
  }
}

/** The gateway's own registry and ChatService over the providers of the given configs, with one alias per role. */
export interface LibraryServices {
  registry: ModelRegistry;
  chat: ChatService;
  /** Per role, the model name to ask the ChatService for (an alias whose targets are tried in order). */
  targets: Record<ModelRole, string>;
}

function createProvider(config: ModelConfig, name: string): Provider {
  registerBuiltinProviders();
  const type = findProviderType(config.provider);
  if (!type) throw new TypeError(`Unknown provider "${config.provider}"; see docs/providers.md for the provider types Qiao knows.`);
  return type.create({
    name, type: config.provider, models: [config.modelName],
    ...(config.apiKey !== undefined && { apiKey: config.apiKey }),
    ...(config.baseUrl !== undefined && { baseUrl: config.baseUrl }),
    ...(config.headers !== undefined && { headers: config.headers }),
  }, config.env ?? process.env);
}

/** Builds the services a runner uses; each role's configs are tried in order (fallback on retryable failures). */
export function buildLibraryServices(roles: Record<ModelRole, ModelConfig[]>, options: RunnerOptions = {}): LibraryServices {
  const providers = new Map<ModelConfig, Provider>();
  for (const config of new Set(Object.values(roles).flat())) {
    const base = config.provider.replace(/[^\w.-]/g, '-');
    const taken = new Set([...providers.values()].map((provider) => provider.name));
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    providers.set(config, createProvider(config, name));
  }
  const aliases = Object.fromEntries(Object.entries(roles).map(([role, configs]) => [
    `qiao-library-${role}`, configs.map((config) => `${providers.get(config)!.name}/${config.modelName}`),
  ]));
  const registry = new ModelRegistry([...providers.values()], aliases);
  const logger = options.logger ?? silentLogger;
  const chat = new ChatService(registry, new CallbackUsageRecorder(options.onUsage), logger);
  return { registry, chat, targets: { chat: 'qiao-library-chat', generation: 'qiao-library-generation', embedding: 'qiao-library-embedding' } };
}

/** A call context for library calls: no inbound request, owner `library`. */
export function libraryContext(endpoint: string, signal?: AbortSignal): CallContext {
  return { requestId: randomUUID(), endpoint, abortSignal: signal ?? new AbortController().signal, caller: { ownerId: 'library', isAdmin: false } };
}
