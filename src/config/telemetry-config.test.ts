import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { describe, test } from 'node:test';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const load = (file: Record<string, unknown>, env: Record<string, string> = {}) => loadConfig({ cwd: tmpdir(), env, file }).telemetry;

describe('telemetry config', () => {
  test('defaults: metrics on and behind the admin key, no traces', () => {
    assert.deepEqual(load({}), { metrics: true, metricsPublic: false, otlpEndpoint: undefined, otlpHeaders: {}, serviceName: 'qiao' });
  });

  test('the file sets everything; the standard OpenTelemetry variables win over it', () => {
    const file = { telemetry: { metrics: false, metricsPublic: true, otlpEndpoint: 'http://collector:4318/', otlpHeaders: { 'x-team': 'a' }, serviceName: 'gw' } };
    assert.deepEqual(load(file), { metrics: false, metricsPublic: true, otlpEndpoint: 'http://collector:4318', otlpHeaders: { 'x-team': 'a' }, serviceName: 'gw' });
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otel.example.com', OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20abc, x-tenant = t1', OTEL_SERVICE_NAME: 'edge' };
    assert.deepEqual(load(file, env), {
      metrics: false, metricsPublic: true, otlpEndpoint: 'https://otel.example.com',
      otlpHeaders: { 'x-team': 'a', authorization: 'Bearer abc', 'x-tenant': 't1' }, serviceName: 'edge',
    });
  });

  test('bad values are config errors naming the field or variable', () => {
    assert.throws(() => load({ telemetry: { otlpEndpoint: 'collector:4318' } }), (error: unknown) => error instanceof ConfigError && /telemetry\.otlpEndpoint/.test(error.message));
    assert.throws(() => load({ telemetry: { metricsPublic: 'yes' } }), (error: unknown) => error instanceof ConfigError && /telemetry\.metricsPublic/.test(error.message));
    assert.throws(() => load({ telemetry: { tracing: true } }), (error: unknown) => error instanceof ConfigError && /telemetry/.test(error.message));
    assert.throws(() => load({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://x:4317' }), (error: unknown) => error instanceof ConfigError && /OTEL_EXPORTER_OTLP_ENDPOINT/.test(error.message));
    assert.throws(() => load({}, { OTEL_EXPORTER_OTLP_HEADERS: 'novalue' }), (error: unknown) => error instanceof ConfigError && /OTEL_EXPORTER_OTLP_HEADERS/.test(error.message));
  });
});
