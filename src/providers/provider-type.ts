import type { UpstreamTimeouts } from '../http/index.js';
import type { ModelInfo, Provider } from '../spec/index.js';

/** Settings of one provider instance, as written in config or derived from the environment. */
export interface ProviderInstanceOptions {
  /** Instance name, the `name/` prefix of its models. */
  name: string;
  /** Provider type id (protocol or preset). */
  type: string;
  /** API key; falls back to the type's environment variables. */
  apiKey?: string;
  /** Base URL; falls back to the type's environment variable, then its default. */
  baseUrl?: string;
  /** API version, for vendors that version by query string. */
  apiVersion?: string;
  /** Extra headers for every upstream call. */
  headers?: Record<string, string>;
  /** Models to offer; the type's defaults when absent. */
  models?: (string | ModelInfo)[];
  /** Whether to ask the upstream for its model list. */
  discoverModels?: boolean;
  /** Output limit for protocols that require one (Anthropic's `max_tokens`) when a request has none. */
  defaultMaxTokens?: number;
  /** Mock only: delay before each streamed word. */
  paceMs?: number;
  /** Timeout overrides. */
  timeouts?: Partial<UpstreamTimeouts>;
}

/** Environment variables, as read at boot (process.env merged with `.env`). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A kind of provider Qiao can instantiate: one folder under src/providers/, registered once. */
export interface ProviderType {
  /** Id used as `type:` in config. */
  id: string;
  /** Human-readable name. */
  displayName: string;
  /** Environment variables that configure it, for docs and the startup log. */
  environmentVariables: string[];
  /** Instances configured purely by environment variables (none when the variables are unset). */
  fromEnvironment?(env: Environment): ProviderInstanceOptions[];
  /** Builds an instance; throws with a message naming the missing setting. */
  create(options: ProviderInstanceOptions, env: Environment): Provider;
}

/** Normalises configured models to ModelInfo. */
export function toModelInfos(models: (string | ModelInfo)[]): ModelInfo[] {
  return models.map((model) => (typeof model === 'string' ? { id: model } : model));
}
