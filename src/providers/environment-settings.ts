import type { Environment } from './provider-type.js';

/** The first of `names` that is set (and not blank) in the environment. */
export function firstSet(env: Environment, names: readonly string[] | undefined): string | undefined {
  for (const name of names ?? []) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** A base URL with a scheme (`host:port` → `http://host:port`) and without trailing slashes. */
export function normalizeBaseUrl(url: string): string {
  return (/^https?:\/\//i.test(url) ? url : `http://${url}`).replace(/\/+$/, '');
}
