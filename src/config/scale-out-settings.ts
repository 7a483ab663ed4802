import type { Environment } from '../providers/index.js';
import { ConfigError } from './config-error.js';
import type { ConfigFile } from './config-schema.js';

const schemaName = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Checks the settings that move Qiao onto shared engines (PostgreSQL, Redis) before anything
 * connects. The file's values are checked by the config schema; the environment's are checked here.
 * Several instances share one database, so the key that seals stored provider keys must be shared
 * too: with PostgreSQL a key file beside a local database cannot work, and QIAO_SECRET_KEY is required.
 */
export function checkScaleOutSettings(env: Environment, file: ConfigFile): void {
  if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
    throw new ConfigError('DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/database); unset it to use the embedded SQLite file.');
  }
  const databaseUrl = env.DATABASE_URL || file.storage?.databaseUrl;
  if (databaseUrl && !env.QIAO_SECRET_KEY) {
    throw new ConfigError('DATABASE_URL (storage.databaseUrl) is set but QIAO_SECRET_KEY is not: instances sharing PostgreSQL must share the key that seals stored provider keys. Set QIAO_SECRET_KEY to the same long random string on every instance (e.g. `openssl rand -base64 32`).');
  }
  if (env.QIAO_DB_SCHEMA && !schemaName.test(env.QIAO_DB_SCHEMA)) {
    throw new ConfigError(`QIAO_DB_SCHEMA must be a plain PostgreSQL identifier (letters, digits, _; at most 63), got "${env.QIAO_DB_SCHEMA}".`);
  }
  if ((env.QIAO_DB_SCHEMA || file.storage?.schema) && !databaseUrl) {
    throw new ConfigError('QIAO_DB_SCHEMA (storage.schema) names a PostgreSQL schema but DATABASE_URL (storage.databaseUrl) is not set.');
  }
  if (env.REDIS_URL && !/^rediss?:\/\//.test(env.REDIS_URL)) {
    throw new ConfigError('REDIS_URL must be a Redis URL (redis://[:password@]host:6379[/db] or rediss://…).');
  }
}
