import type { Environment } from '../providers/index.js';
import { ConfigError } from './config-error.js';
import type { ConfigFile } from './config-schema.js';
import type { TelemetryConfig } from './qiao-config.js';

/** `OTEL_EXPORTER_OTLP_HEADERS`: `key=value,key2=value2`, values URL-encoded (the OpenTelemetry convention). */
function parseOtlpHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of text.split(',')) {
    if (pair.trim() === '') continue;
    const equals = pair.indexOf('=');
    const name = equals > 0 ? pair.slice(0, equals).trim() : '';
    if (!/^[\w-]+$/.test(name)) throw new ConfigError('Environment variable OTEL_EXPORTER_OTLP_HEADERS must be "name=value" pairs separated by commas.');
    try {
      headers[name.toLowerCase()] = decodeURIComponent(pair.slice(equals + 1).trim());
    } catch {
      throw new ConfigError(`Environment variable OTEL_EXPORTER_OTLP_HEADERS: the value of "${name}" is not valid URL encoding.`);
    }
  }
  return headers;
}

function otlpEndpoint(file: ConfigFile, env: Environment): string | undefined {
  const fromEnv = env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
  if (fromEnv !== undefined && !/^https?:\/\/[^\s/]+/.test(fromEnv)) {
    throw new ConfigError('Environment variable OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, e.g. http://127.0.0.1:4318.');
  }
  return (fromEnv ?? file.telemetry?.otlpEndpoint)?.replace(/\/+$/, '');
}

/** The `telemetry` section: the file, under the standard OpenTelemetry environment variables. */
export function telemetryConfig(file: ConfigFile, env: Environment): TelemetryConfig {
  const headersFromEnv = env.OTEL_EXPORTER_OTLP_HEADERS ? parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS) : {};
  return {
    metrics: file.telemetry?.metrics ?? true,
    metricsPublic: file.telemetry?.metricsPublic ?? false,
    otlpEndpoint: otlpEndpoint(file, env),
    otlpHeaders: { ...file.telemetry?.otlpHeaders, ...headersFromEnv },
    serviceName: env.OTEL_SERVICE_NAME || file.telemetry?.serviceName || 'qiao',
  };
}
