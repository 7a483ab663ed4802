import type { Redis } from 'ioredis';
import type { QiaoConfig } from '../config/index.js';
import type { Storage } from '../storage/index.js';
import type { ApiKeyGuard } from './api-key-guard.js';
import type { ChatService } from './chat-service.js';
import type { HeartbeatMonitor } from './heartbeat-monitor.js';
import type { ModelRegistry } from './model-registry.js';
import type { RuntimeProviders } from './runtime-providers.js';
import type { Router } from './routing/index.js';
import type { UsageRecorder } from './usage-recorder.js';
import type { WorkflowService } from './workflow-service.js';

/** The gateway's services, composed from a config; what buildApp serves. */
export interface Gateway {
  config: QiaoConfig;
  registry: ModelRegistry;
  chat: ChatService;
  /** Deployment health, retries and fallbacks; `snapshot()` for /health, /admin/deployments and metrics. */
  router: Router;
  /** Workflow runs of every provider that has workflows. */
  workflows: WorkflowService;
  guard: ApiKeyGuard;
  usage: UsageRecorder;
  storage: Storage;
  /** The shared Redis connection when REDIS_URL is set; limits, budgets and caches use it instead of memory. */
  redis?: Redis;
  /** Providers added by `POST /config` (seed 000) and the core model of the ai_core API. */
  runtimeProviders: RuntimeProviders;
  /** Seed 000's heartbeat; watched only when the CLI asks for a deadline. */
  heartbeat: HeartbeatMonitor;
  /** What the startup banner should add (e.g. providers restored from storage). */
  notices: string[];
  startedAt: Date;
  /** Stops background work and flushes the usage log. */
  close(): Promise<void>;
}
