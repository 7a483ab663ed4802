import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { UpstreamError } from '../../errors/index.js';
import type { ChatModel, Provider } from '../../spec/index.js';
import type { RequestLogEntry } from '../../storage/index.js';
import { ModelRegistry } from '../model-registry.js';
import type { DeploymentHealth } from './deployment-health.js';
import { GatewayMetrics } from './gateway-metrics.js';
import { sample } from '../../../test/support/prometheus-sample.js';

function entry(overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    requestId: 'r', createdAt: new Date(), endpoint: '/v1/chat/completions', requestedModel: 'fast', provider: 'openai',
    upstreamModel: 'gpt-4o-mini', stream: true, status: 'ok', httpStatus: 200, usageEstimated: false, latencyMs: 1500, attempts: 1,
    ...overrides,
  };
}

function provider(name: string, discover: () => Promise<{ id: string }[]>): Provider {
  return { name, configured: true, configuredModels: [], chatModel: () => ({}) as ChatModel, discoverModels: discover };
}

describe('GatewayMetrics', () => {
  test('a finished call counts a request, its latency, time to first token, tokens by type and cost', async () => {
    const metrics = new GatewayMetrics(new ModelRegistry([], {}));
    metrics.observeCall(entry({ ttftMs: 300, inputTokens: 10, outputTokens: 20, reasoningTokens: 5, cachedTokens: 4, costUsd: 0.25 }));
    metrics.observeCall(entry({ inputTokens: 1, outputTokens: 2, costUsd: 0.5 }));
    metrics.observeCall(entry({ status: 'error', httpStatus: 429, errorCode: 'rate_limit_exceeded', latencyMs: 40 }));
    const text = await metrics.render();
    const call = { endpoint: '/v1/chat/completions', model: 'fast', provider: 'openai' };
    assert.equal(sample(text, 'qiao_requests_total', { ...call, status: '200' }), 2);
    assert.equal(sample(text, 'qiao_requests_total', { ...call, status: '429' }), 1);
    assert.equal(sample(text, 'qiao_request_duration_seconds_count', call), 3);
    assert.equal(sample(text, 'qiao_request_duration_seconds_bucket', { ...call, le: '2' }), 3);
    assert.equal(sample(text, 'qiao_request_duration_seconds_bucket', { ...call, le: '1' }), 1, 'only the 40 ms call is under a second');
    assert.equal(sample(text, 'qiao_time_to_first_token_seconds_count', call), 1);
    assert.equal(sample(text, 'qiao_time_to_first_token_seconds_bucket', { ...call, le: '0.35' }), 1);
    assert.equal(sample(text, 'qiao_time_to_first_token_seconds_bucket', { ...call, le: '0.2' }), 0);
    const tokens = (type: string) => sample(text, 'qiao_tokens_total', { model: 'fast', provider: 'openai', type });
    assert.deepEqual([tokens('input'), tokens('output'), tokens('reasoning'), tokens('cached')], [11, 22, 5, 4]);
    assert.equal(sample(text, 'qiao_cost_usd_total', { model: 'fast', provider: 'openai' }), 0.75);
  });

  test('a call that never reached a provider is labelled provider="none"', async () => {
    const metrics = new GatewayMetrics(new ModelRegistry([], {}));
    metrics.observeCall(entry({ provider: undefined, requestedModel: 'typo', status: 'error', httpStatus: 404, errorCode: 'model_not_found' }));
    assert.equal(sample(await metrics.render(), 'qiao_requests_total', { endpoint: '/v1/chat/completions', model: 'typo', provider: 'none', status: '404' }), 1);
  });

  test('model names from clients cannot grow the series without bound', async () => {
    const metrics = new GatewayMetrics(new ModelRegistry([], {}));
    for (let index = 0; index < 2100; index++) metrics.observeCall(entry({ requestedModel: `model-${index}` }));
    const text = await metrics.render();
    const models = new Set([...text.matchAll(/^qiao_requests_total\{[^}]*model="([^"]+)"/gm)].map((match) => match[1]));
    assert.ok(models.size <= 2001, `${models.size} model labels`);
    assert.equal(sample(text, 'qiao_requests_total', { endpoint: '/v1/chat/completions', model: 'other', provider: 'openai', status: '200' }), 2100 - (models.size - 1));
  });

  test('streams in flight go up and down; an in-band stream error is counted by code', async () => {
    const metrics = new GatewayMetrics(new ModelRegistry([], {}));
    metrics.streamOpened();
    metrics.streamOpened();
    assert.equal(sample(await metrics.render(), 'qiao_streams_in_flight'), 2);
    metrics.streamClosed('/v1/messages', new UpstreamError('cut', 502, true));
    metrics.streamClosed('/v1/messages', undefined);
    metrics.countError('/v1/messages', 'upstream_error');
    const text = await metrics.render();
    assert.equal(sample(text, 'qiao_streams_in_flight'), 0);
    assert.equal(sample(text, 'qiao_errors_total', { endpoint: '/v1/messages', code: 'upstream_error' }), 2);
  });

  test('provider health follows the last model discovery', async () => {
    let reachable = true;
    const registry = new ModelRegistry([
      provider('up', async () => [{ id: 'm' }]),
      provider('flaky', async () => { if (!reachable) throw new Error('connect ECONNREFUSED'); return []; }),
    ], {});
    const metrics = new GatewayMetrics(registry);
    assert.equal(sample(await metrics.render(), 'qiao_provider_up', { provider: 'up' }), undefined, 'unknown before the first discovery');
    await registry.refresh();
    assert.equal(sample(await metrics.render(), 'qiao_provider_up', { provider: 'flaky' }), 1);
    reachable = false;
    await registry.refresh();
    const text = await metrics.render();
    assert.equal(sample(text, 'qiao_provider_up', { provider: 'flaky' }), 0);
    assert.equal(sample(text, 'qiao_provider_up', { provider: 'up' }), 1);
  });

  test('deployment circuit state and calls in flight come from the watched source at scrape time', async () => {
    const metrics = new GatewayMetrics(new ModelRegistry([], {}));
    assert.equal(sample(await metrics.render(), 'qiao_deployment_in_flight', { deployment: 'openai/gpt-4o', provider: 'openai' }), undefined);
    let deployments: DeploymentHealth[] = [{ deployment: 'openai/gpt-4o', provider: 'openai', circuit: 'open', in_flight: 3 }];
    metrics.watchDeployments({ snapshot: () => deployments });
    let text = await metrics.render();
    const labels = { deployment: 'openai/gpt-4o', provider: 'openai' };
    assert.equal(sample(text, 'qiao_deployment_circuit_state', { ...labels, state: 'open' }), 1);
    assert.equal(sample(text, 'qiao_deployment_circuit_state', { ...labels, state: 'closed' }), 0);
    assert.equal(sample(text, 'qiao_deployment_circuit_state', { ...labels, state: 'half-open' }), 0);
    assert.equal(sample(text, 'qiao_deployment_in_flight', labels), 3);
    deployments = [{ deployment: 'openai/gpt-4o', provider: 'openai', circuit: 'half-open', in_flight: 0 }];
    text = await metrics.render();
    assert.equal(sample(text, 'qiao_deployment_circuit_state', { ...labels, state: 'half-open' }), 1);
    assert.equal(sample(text, 'qiao_deployment_circuit_state', { ...labels, state: 'open' }), 0);
  });

  test('process metrics are included, and two gateways in one process keep separate counts', async () => {
    const first = new GatewayMetrics(new ModelRegistry([], {}));
    const second = new GatewayMetrics(new ModelRegistry([], {}));
    first.observeCall(entry());
    const text = await second.render();
    assert.ok(sample(text, 'process_cpu_user_seconds_total') !== undefined, 'default process metrics');
    assert.match(text, /^nodejs_eventloop_lag_seconds /m);
    assert.equal(sample(text, 'qiao_requests_total', { endpoint: '/v1/chat/completions', model: 'fast', provider: 'openai', status: '200' }), undefined);
    assert.equal(sample(await first.render(), 'qiao_requests_total', { endpoint: '/v1/chat/completions', model: 'fast', provider: 'openai', status: '200' }), 1);
  });
});
