import type { Redis } from 'ioredis';
import type { QiaoConfig } from '../config/index.js';
import type { Storage } from '../storage/index.js';
import type { ApiKeyGuard } from './api-key-guard.js';
import type { ChatService } from './chat-service.js';
import type { HeartbeatMonitor } from './heartbeat-monitor.js';
import type { GatewayMetrics } from './metrics/index.js';
import type { RequestTracer } from './tracing/index.js';
import type { KeyService } from './keys/key-service.js';
import type { KeySpend } from './limits/key-spend.js';
import type { VirtualKeyRecord } from '../storage/index.js';
import type { ModelRegistry } from './model-registry.js';
import type { ThreadService } from './threads/thread-service.js';
import type { RuntimeProviders } from './runtime-providers.js';
import type { Router } from './routing/index.js';
import type { UsageRecorder } from './usage-recorder.js';
import type { WorkflowService } from './workflow-service.js';
import type { VectorStoreService } from './vectors/index.js';

/** The gateway's services, composed from a config; what buildApp serves. */
export interface Gateway {
  config: QiaoConfig;
  registry: ModelRegistry;
  chat: ChatService;
  /** Conversation threads: chat turns with stored history (docs/threads.md). */
  threads: ThreadService;
  /** Deployment health, retries and fallbacks; `snapshot()` for /health, /admin/deployments and metrics. */
  router: Router;
  /** Workflow runs of every provider that has workflows. */
  workflows: WorkflowService;
  guard: ApiKeyGuard;
  /** Virtual keys: create, change, revoke (admin API and `qiao keys`). */
  keys: KeyService;
  /** What a virtual key has spent in its budget's current period. */
  keySpend(record: VirtualKeyRecord): Promise<KeySpend>;
  usage: UsageRecorder;
  storage: Storage;
  /** The shared Redis connection when REDIS_URL is set; limits, budgets and caches use it instead of memory. */
  redis?: Redis;
  /** Vector collections (`/v1/vector_stores`), embedded through `chat`. */
  vectors: VectorStoreService;
  /** Providers added by `POST /config` (seed 000) and the core model of the ai_core API. */
  runtimeProviders: RuntimeProviders;
  /** Seed 000's heartbeat; watched only when the CLI asks for a deadline. */
  heartbeat: HeartbeatMonitor;
  /** What GET /metrics reports; absent when `telemetry.metrics` is false. */
  metrics?: GatewayMetrics;
  /** Request traces exported over OTLP; absent unless `telemetry.otlpEndpoint` is set. */
  tracer?: RequestTracer;
  /** What the startup banner should add (e.g. providers restored from storage). */
  notices: string[];
  startedAt: Date;
  /** Stops background work and flushes the usage log. */
  close(): Promise<void>;
}
