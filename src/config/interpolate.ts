import type { Environment } from '../providers/index.js';
import { ConfigError } from './config-error.js';

const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed config; a missing variable names its path. */
export function interpolateEnvironment(value: unknown, env: Environment, path = ''): unknown {
  if (typeof value === 'string') {
    return value.replace(reference, (_, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      throw new ConfigError(`${path || 'config'} refers to environment variable ${name}, which is not set.`);
    });
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolateEnvironment(item, env, `${path}[${index}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateEnvironment(item, env, path ? `${path}.${key}` : key)]));
  }
  return value;
}
