import type { QiaoConfig } from '../config/index.js';

/** Field names whose values are credentials, wherever they appear in a log object. */
const secretFields = [
  'authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'x-goog-api-key',
  'apiKey', 'api_key', 'key', 'secret', 'secretKey', 'secret_key', 'token', 'accessToken', 'access_token',
  'refreshToken', 'refresh_token', 'password', 'adminKey', 'admin_key',
];

/** Redacted at the top level of a log object and up to four levels below (req.headers.x, err.config.headers.x, …). */
const depths = ['', '*.', '*.*.', '*.*.*.', '*.*.*.*.'];

const fieldPath = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : `["${name}"]`);

/** pino redact paths for every secret field at every depth. */
export const redactPaths: string[] = secretFields.flatMap((name) => depths.map((prefix) => {
  const field = fieldPath(name);
  return prefix === '' || !field.startsWith('[') ? `${prefix}${field}` : `${prefix.slice(0, -1)}${field}`;
}));

/** Environment variables whose values are secrets (DASHSCOPE_API_KEY, HF_TOKEN, QIAO_SECRET_KEY, …). */
const secretVariable = /KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL/i;

/** Shorter values are not scrubbed from log lines: they would cut ordinary words. */
const minimumSecretLength = 8;

/** Every secret the configuration knows: the gateway key, provider keys, secret-looking variables, collector headers. */
export function knownSecrets(config: QiaoConfig): string[] {
  const secrets = new Set<string>();
  const add = (value: string | undefined) => {
    if (value && value.length >= minimumSecretLength) secrets.add(value);
  };
  add(config.api.apiKey);
  for (const provider of config.providers) {
    add(provider.apiKey);
    for (const value of Object.values(provider.headers ?? {})) add(value);
  }
  for (const [name, value] of Object.entries(config.env)) if (secretVariable.test(name)) add(value);
  for (const value of Object.values(config.telemetry.otlpHeaders)) add(value);
  return [...secrets];
}

/** Replaces every known secret in a log line; the last guard for secrets inside free text (messages, stacks). */
export function scrubber(secrets: string[]): (line: string) => string {
  return (line) => {
    for (const secret of secrets) if (line.includes(secret)) line = line.replaceAll(secret, '[redacted]');
    return line;
  };
}

/** Fastify's pino options: structured JSON, secret fields redacted, known secret values scrubbed from every line. */
export function loggerOptions(level: string, secrets: string[]) {
  return {
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    hooks: { streamWrite: scrubber(secrets) },
  };
}
