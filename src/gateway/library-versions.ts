import { createRequire } from 'node:module';
import { qiaoVersion } from './qiao-version.js';

const require = createRequire(import.meta.url);

function versionOf(name: string): string | undefined {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Versions of Qiao and the libraries its answers depend on (seed 003's health check shows the SDK
 * version). Read once; packages whose package.json is not exported are left out.
 */
export const libraryVersions: Record<string, string> = Object.fromEntries(Object.entries({
  qiao: qiaoVersion,
  node: process.versions.node,
  fastify: versionOf('fastify'),
  undici: versionOf('undici'),
  'better-sqlite3': versionOf('better-sqlite3'),
}).filter((entry): entry is [string, string] => entry[1] !== undefined));
