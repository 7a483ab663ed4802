import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { ForwardingLogger, type Gateway } from '../../src/gateway/index.js';
import { buildApp } from '../../src/server/build-app.js';
import { createGateway } from '../../src/server/create-gateway.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { openAIChunks } from '../support/sse-events.js';

const providerKey = 'sk-provider-secret-0123456789';
const gatewayKey = 'qiao-gateway-secret-0123456789';
const clientSecret = 'client-body-secret-0123456789';
const runtimeKey = 'sk-runtime-secret-0123456789';
const collectorToken = 'collector-token-0123456789';
const secrets = [providerKey, gatewayKey, clientSecret, runtimeKey, collectorToken];

/** An upstream that echoes the key it was sent in every failure, the way careless (or hostile) upstreams do. */
function echoingUpstream(): Promise<FakeUpstream> {
  const sentKey = (headers: Record<string, unknown>) => String(headers.authorization ?? '').replace(/^Bearer /, '');
  return startFakeUpstream({
    'GET /v1/models': (request) => ({ status: 500, headers: { 'content-type': 'text/plain' }, raw: `models are down for ${sentKey(request.headers)}` }),
    'POST /v1/chat/completions': (request) => {
      const key = sentKey(request.headers);
      const prompt = (request.body as { messages: { content: string }[] }).messages.at(-1)?.content;
      if (prompt === 'unauthorized') return { status: 401, json: { error: { message: `Incorrect API key provided: ${key}`, type: 'invalid_request_error', code: 'invalid_api_key' } } };
      if (prompt === 'crash') return { status: 500, headers: { 'content-type': 'text/plain' }, raw: `internal failure while serving key ${key}` };
      if (prompt === 'forbidden') return { status: 403, json: { error: `key ${key} may not use this model` } };
      return { sse: openAIChunks(['fine']) };
    },
  });
}

describe('secrets never reach logs, error responses or the usage log', () => {
  let upstream: FakeUpstream;
  let app: FastifyInstance;
  let gateway: Gateway;
  let url: string;
  let directory: string;
  const logLines: string[] = [];
  const responses: string[] = [];

  before(async () => {
    upstream = await echoingUpstream();
    directory = mkdtempSync(join(tmpdir(), 'qiao-secrets-'));
    const config = loadConfig({
      cwd: directory,
      env: { QIAO_SQLITE_PATH: join(directory, 'qiao.db'), QIAO_API_KEY: gatewayKey, EXTRA_SERVICE_TOKEN: collectorToken },
      file: {
        models: { discoveryIntervalSeconds: 0 },
        providers: { leaky: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: providerKey, models: ['m'], discoverModels: true } },
        // Every call must reach the leaky upstream: no circuit breaker pausing it after a few failures.
        routing: { breaker: { consecutiveFailures: 1000 } },
      },
    });
    // As the CLI does: the services log through the server's pino logger.
    const logger = new ForwardingLogger();
    gateway = await createGateway(config, logger);
    app = await buildApp(gateway, { logLevel: 'debug', logStream: { write: (line) => void logLines.push(line) } });
    logger.attach(app.log);
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await app?.close();
    await gateway?.close();
    await upstream?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  async function call(path: string, body: unknown, headers: Record<string, string> = { authorization: `Bearer ${gatewayKey}` }): Promise<number> {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': clientSecret, cookie: `session=${clientSecret}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    responses.push(`${response.status} ${[...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n${await response.text()}`);
    return response.status;
  }

  test('upstream failures that echo the provider key, rejected keys and bad bodies are reported without any secret', async () => {
    const chat = (content: string, stream = false) => ({ model: 'leaky/m', messages: [{ role: 'user', content }], stream, api_key: clientSecret, user: clientSecret });
    assert.equal(await call('/v1/chat/completions', chat('unauthorized')), 401);
    assert.equal(await call('/v1/chat/completions', chat('crash')), 502);
    assert.equal(await call('/v1/chat/completions', chat('crash', true)), 502);
    assert.equal(await call('/v1/chat/completions', chat('forbidden')), 403);
    assert.equal(await call('/v1/messages', { model: 'leaky/m', max_tokens: 5, messages: [{ role: 'user', content: 'crash' }] }), 502);
    assert.equal(await call('/api/chat', { model: 'leaky/m', messages: [{ role: 'user', content: 'unauthorized' }] }), 401);
    assert.equal(await call('/v1/chat/completions', chat('fine'), { authorization: `Bearer ${clientSecret}` }), 401);
    assert.equal(await call('/v1/chat/completions', chat('fine'), { authorization: `Bearer ${gatewayKey}x` }), 401);
    assert.equal(await call('/v1/chat/completions', `{"model":"leaky/m","api_key":"${clientSecret}",`), 400);
    assert.equal(await call('/config', { provider_type: 'openai', api_key: runtimeKey, model: 'gpt', base_url: `${upstream.baseUrl}/v1`, timeout: 'soon' }), 400);
    // Discovery fails with the key in the upstream's answer; its failure is logged.
    const before = logLines.length;
    await gateway.registry.refresh();
    for (const failure of await gateway.registry.refresh()) app.log.warn(failure, 'model discovery failed');
    assert.ok(logLines.length > before, 'the discovery failure was logged');
    // Code that logs a whole config or an error whose message holds a key is caught by the logger itself.
    app.log.info({ config: gateway.config }, 'configuration dump');
    app.log.error({ err: new Error(`failed with ${providerKey} and ${gatewayKey}`) }, 'simulated failure');
    await gateway.usage.flush();
    if (process.env.SHOW_RESPONSES) console.log(responses.join('\n---\n'));
  });

  test('the captured log has the failures, and none of the secrets', () => {
    const log = logLines.join('');
    assert.match(log, /upstream failed/, 'upstream failures were logged');
    assert.match(log, /models are down for \[redacted\]/, 'free text is scrubbed of the provider key');
    assert.match(log, /"apiKey":"\[redacted\]"/, 'secret fields are redacted wherever they are');
    assert.match(log, /failed with \[redacted\] and \[redacted\]/, 'known secrets are scrubbed from messages and stacks');
    for (const secret of secrets) assert.ok(!log.includes(secret), `the log contains ${secret}:\n${log}`);
  });

  test('no error response carries a secret, and each still says what went wrong', () => {
    assert.ok(responses.length >= 10);
    for (const response of responses) for (const secret of secrets) assert.ok(!response.includes(secret), `a response contains ${secret}:\n${response}`);
    assert.match(responses[0]!, /Incorrect API key provided: \[redacted\]/);
  });

  test('the usage log stores the upstream messages scrubbed', async () => {
    const stored = JSON.stringify(await gateway.storage.requestLog.recent(50));
    assert.match(stored, /\[redacted\]/);
    for (const secret of secrets) assert.ok(!stored.includes(secret), `the usage log contains ${secret}`);
  });

  test('config errors name the field, never its secret value', () => {
    const bad = [
      { api: { auth_enabled: gatewayKey } },
      { providers: { leaky: { type: 'openai-compatible', baseUrl: `not a url ${providerKey}`, apiKey: providerKey } } },
      { providers: { leaky: { type: 'nonexistent', apiKey: providerKey } } },
      { telemetry: { otlpEndpoint: `ftp://${collectorToken}` } },
    ];
    for (const file of bad) {
      assert.throws(() => loadConfig({ cwd: tmpdir(), env: {}, file }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        for (const secret of secrets) assert.ok(!error.message.includes(secret), `${error.message}`);
        return true;
      });
    }
    assert.throws(() => loadConfig({ cwd: tmpdir(), env: { OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer ${collectorToken},broken` }, file: {} }), (error: unknown) =>
      error instanceof ConfigError && /OTEL_EXPORTER_OTLP_HEADERS/.test(error.message) && !error.message.includes(collectorToken));
  });
});
