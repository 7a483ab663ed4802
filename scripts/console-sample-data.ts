// Sample answers in the admin API's contract shapes (docs/console.md), used by the screenshot
// script only when the gateway it starts has no /admin API, so every page can still be pictured.
// Whenever the real API is there, the screenshots show real data instead.
import type { Route } from 'playwright-core';

const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
const keys = [
  { id: 'key_web', name: 'web-app', key_prefix: 'sk-qiao-7f3a', models: ['fast', 'mock/*'], rpm: 600, tpm: 200_000, budget: { usd: 50, period: 'month' }, spend: { tokens: 1_284_000, usd: 18.42 } },
  { id: 'key_batch', name: 'nightly-batch', key_prefix: 'sk-qiao-c91e', models: [], rpm: 60, tpm: null, budget: { tokens: 5_000_000, period: 'day' }, spend: { tokens: 3_100_000, usd: 4.1 } },
  { id: 'key_old', name: 'old-prototype', key_prefix: 'sk-qiao-02bd', models: [], rpm: null, tpm: null, budget: null, revoked_at: day(3), spend: { tokens: 0, usd: 0 } },
].map((key) => ({ created_at: `${day(20)}T08:00:00.000Z`, expires_at: null, metadata: {}, revoked_at: null, ...key }));

const usageByDay = Array.from({ length: 7 }, (_, index) => {
  const requests = [120, 180, 160, 240, 310, 280, 350][index]!;
  return { day: day(6 - index), requests, errors: Math.round(requests * 0.02), input_tokens: requests * 410, output_tokens: requests * 230, cost_usd: requests * 0.0031 };
});
const usageByKey = [
  { key_id: 'key_web', requests: 1020, errors: 18, input_tokens: 418_000, output_tokens: 236_000, cost_usd: 3.12 },
  { key_id: 'key_batch', requests: 580, errors: 9, input_tokens: 240_000, output_tokens: 130_000, cost_usd: 1.9 },
  { key_id: null, requests: 40, errors: 1, input_tokens: 14_000, output_tokens: 9_000, cost_usd: 0.08 },
];
const usageByModel = [
  { model: 'fast', requests: 900, errors: 10, input_tokens: 380_000, output_tokens: 200_000, cost_usd: 2.2 },
  { model: 'mock/mock-think', requests: 520, errors: 12, input_tokens: 200_000, output_tokens: 130_000, cost_usd: 2.3 },
  { model: 'mock/mock-tools', requests: 220, errors: 6, input_tokens: 92_000, output_tokens: 45_000, cost_usd: 0.6 },
];
const logs = ['ok', 'ok', 'cancelled', 'ok', 'error', 'ok'].map((status, index) => ({
  request_id: `req_${(9_400 - index).toString(16)}`, created_at: new Date(Date.now() - index * 95_000).toISOString(), endpoint: '/v1/chat/completions',
  requested_model: index % 2 ? 'fast' : 'mock/mock-think', deployment: index % 2 ? 'mock/mock-echo' : 'mock/mock-think', key_id: index % 3 ? 'key_web' : 'key_batch',
  stream: true, status, http_status: status === 'ok' ? 200 : status === 'cancelled' ? 499 : 503, error_code: status === 'error' ? 'upstream_unavailable' : null,
  error_message: status === 'error' ? 'Upstream mock answered 503.' : null, input_tokens: 420 + index * 7, output_tokens: status === 'ok' ? 210 + index * 11 : 12,
  latency_ms: 820 + index * 130, ttft_ms: 140 + index * 9, cost_usd: 0.0031 + index * 0.0004,
  attempt_log: status === 'error' ? [{ deployment: 'mock-a/mock-echo', status: 'error', code: 'upstream_unavailable', ms: 210 }, { deployment: 'mock-b/mock-echo', status: 'error', code: 'upstream_unavailable', ms: 190 }] : [{ deployment: 'mock/mock-echo', status: 'ok', ms: 820 + index * 130 }],
  warnings: index === 1 ? [{ code: 'unsupported-parameter', param: 'seed', message: 'seed is not supported by mock; it was ignored.' }] : [],
}));
const deployments = [
  { alias: 'fast', deployment: 'mock/mock-echo', provider: 'mock', model: 'mock-echo', weight: 3, priority: 0, circuit: 'closed', in_flight: 2, latency_ms_ewma: 412, error_rate: 0.01 },
  { alias: 'smart', deployment: 'mock/mock-think', provider: 'mock', model: 'mock-think', weight: 1, priority: 0, circuit: 'half-open', in_flight: 0, latency_ms_ewma: 1310, error_rate: 0.12, last_error: 'Upstream timed out after 30000 ms.' },
];

/** Answers the admin API's routes with the samples above. */
export async function fulfilSample(route: Route): Promise<void> {
  const url = new URL(route.request().url());
  const groupBy = url.searchParams.get('group_by');
  const body = url.pathname === '/admin/keys' ? { data: keys }
    : url.pathname === '/admin/deployments' ? { data: deployments }
      : url.pathname.endsWith('/usage') ? { data: groupBy === 'key' ? usageByKey : groupBy === 'model' ? usageByModel : usageByDay }
        : url.pathname.endsWith('/logs') ? { data: logs } : undefined;
  if (!body) return route.fallback();
  await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
}
