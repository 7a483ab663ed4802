import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveRouting, type AliasDefinition, type RoutingConfig } from '../../config/index.js';
import {
  DeploymentsUnavailableError, InvalidRequestError, RateLimitError, ShuttingDownError, UpstreamError, UpstreamTimeoutError, type GatewayError,
} from '../../errors/index.js';
import type { ChatModel, ModelInfo, Provider, StreamPart } from '../../spec/index.js';
import { ModelRegistry } from '../model-registry.js';
import type { AttemptRecord } from './attempt-log.js';
import { clientLinkOf } from './client-link.js';
import { Router, type RouterOptions } from './router.js';

function provider(name: string): Provider {
  return { name, configured: true, configuredModels: [] as ModelInfo[], chatModel: () => ({}) as ChatModel };
}

/** A deterministic generator (mulberry32), so distribution checks never depend on luck. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const providers = ['a', 'b', 'c'].map(provider);

function setup(aliases: Record<string, AliasDefinition | string[]>, routing: Partial<RoutingConfig> = {}, options: Partial<RouterOptions> = {}) {
  const registry = new ModelRegistry(providers, aliases);
  const waits: number[] = [];
  const router = new Router({
    registry,
    routing: { ...resolveRouting(), ...routing },
    sleep: async (ms) => { waits.push(ms); },
    ...options,
  });
  return { registry, router, waits };
}

/** A call that answers per deployment from a script: an error to throw, or a value. */
function scripted(script: Record<string, Array<GatewayError | string>>) {
  const calls: string[] = [];
  const call = async (deployment: { name: string }) => {
    calls.push(deployment.name);
    const next = script[deployment.name]?.shift() ?? 'ok';
    if (next instanceof Error) throw next;
    return `${next} from ${deployment.name}`;
  };
  return { calls, call };
}

const unavailable = () => new UpstreamError('Upstream answered 503', 503, true, { upstreamStatus: 503 });
const never = clientLinkOf(new AbortController().signal);

describe('Router', () => {
  test('priority groups fall back in order; a retryable failure is retried on the same deployment first', async () => {
    const { registry, router, waits } = setup({ smart: ['a/m', 'b/m'] }, { maxAttemptsPerDeployment: 2 });
    const { calls, call } = scripted({ 'a/m': [unavailable(), unavailable()] });
    const log: AttemptRecord[] = [];
    const routed = await router.call(registry.resolve('smart'), never, log, call);
    assert.equal(routed.value, 'ok from b/m');
    assert.deepEqual(calls, ['a/m', 'a/m', 'b/m']);
    assert.deepEqual(log.map((entry) => `${entry.deployment};${entry.status}`), ['a/m;503', 'a/m;503', 'b/m;200']);
    assert.equal(waits.length, 1, 'one backoff wait between the two tries of a/m');
    assert.ok(waits[0]! >= 0 && waits[0]! <= resolveRouting().maxDelayMs);
    assert.equal(routed.attempts, 3);
  });

  test('a non-retryable failure returns at once: no retry, no fallback', async () => {
    const { registry, router, waits } = setup({ smart: ['a/m', 'b/m'] });
    const { calls, call } = scripted({ 'a/m': [new InvalidRequestError('bad temperature', { param: 'temperature' })] });
    await assert.rejects(router.call(registry.resolve('smart'), never, [], call), InvalidRequestError);
    assert.deepEqual(calls, ['a/m']);
    assert.deepEqual(waits, []);
  });

  test('retry-after is honoured up to the cap; beyond it the router moves on instead of waiting', async () => {
    const { registry, router, waits } = setup({ smart: ['a/m', 'b/m'] }, { maxRetryAfterMs: 5000, baseDelayMs: 10, maxDelayMs: 20 });
    const short = scripted({ 'a/m': [new RateLimitError('slow down', { retryAfterSeconds: 2 })] });
    assert.equal((await router.call(registry.resolve('smart'), never, [], short.call)).value, 'ok from a/m');
    assert.deepEqual(waits, [2000], 'waited exactly the retry-after (longer than the jittered backoff)');
    const long = scripted({ 'a/m': [new RateLimitError('slow down', { retryAfterSeconds: 7 })] });
    const log: AttemptRecord[] = [];
    assert.equal((await router.call(registry.resolve('smart'), never, log, long.call)).value, 'ok from b/m');
    assert.deepEqual(long.calls, ['a/m', 'b/m']);
    assert.deepEqual(waits, [2000], 'no wait for a retry-after beyond the cap');
    assert.deepEqual(log.map((entry) => `${entry.deployment};${entry.status};${entry.code ?? ''}`), ['a/m;429;rate_limit_exceeded', 'b/m;200;']);
  });

  test('with nothing left to try, the last failure is returned with its retry-after', async () => {
    const { registry, router } = setup({}, { maxAttemptsPerDeployment: 1 });
    const { call } = scripted({ 'a/m': [new RateLimitError('slow down', { retryAfterSeconds: 30 })] });
    await assert.rejects(router.call(registry.resolve('a/m'), never, [], call), (error: unknown) => error instanceof RateLimitError && error.retryAfterSeconds === 30);
  });

  test('weighted: traffic within a group follows the weights (seeded, so exact); lower priority only on failure', async () => {
    const smart: AliasDefinition = { strategy: 'weighted', deployments: [
      { target: 'a/m', weight: 3, priority: 0 }, { target: 'b/m', weight: 1, priority: 0 }, { target: 'c/m', weight: 100, priority: 1 },
    ] };
    const { registry, router } = setup({ smart }, {}, { random: seeded(42) });
    const counts: Record<string, number> = {};
    for (let i = 0; i < 4000; i++) {
      const routed = await router.call(registry.resolve('smart'), never, [], async (deployment) => deployment.name);
      counts[routed.value] = (counts[routed.value] ?? 0) + 1;
    }
    assert.equal(counts['c/m'], undefined, 'the second priority group is never used while the first answers');
    const share = counts['a/m']! / 4000;
    assert.ok(share > 0.72 && share < 0.78, `a/m got ${share} of the traffic, expected about 0.75`);
  });

  test('least-inflight prefers the deployment with fewer calls running; lowest-latency the faster one', async () => {
    const definition = (strategy: AliasDefinition['strategy']): AliasDefinition => ({ strategy, deployments: [
      { target: 'a/m', weight: 1, priority: 0 }, { target: 'b/m', weight: 1, priority: 0 },
    ] });
    const { registry, router } = setup({ busy: definition('least-inflight'), fast: definition('lowest-latency') });
    router.health('a/m').inFlight = 5;
    for (let i = 0; i < 20; i++) assert.equal((await router.call(registry.resolve('busy'), never, [], async (d) => d.name)).value, 'b/m');
    router.health('a/m').inFlight = 0;
    router.health('a/m').latencyMs = 50;
    router.health('b/m').latencyMs = 900;
    const picked = (await router.call(registry.resolve('fast'), never, [], async (d) => d.name)).value;
    assert.equal(picked, 'a/m');
  });

  test('the circuit opens after consecutive failures, open deployments are skipped and logged, and a probe closes it', async () => {
    const breaker = { ...resolveRouting().breaker, consecutiveFailures: 3, halfOpenAfterMs: 40 };
    const { registry, router } = setup({ smart: ['a/m', 'b/m'] }, { maxAttemptsPerDeployment: 1, breaker });
    const failing = scripted({ 'a/m': [unavailable(), unavailable(), unavailable()] });
    for (let i = 0; i < 3; i++) await router.call(registry.resolve('smart'), never, [], failing.call);
    assert.equal(router.health('a/m').circuit.name, 'open');
    const log: AttemptRecord[] = [];
    const routed = await router.call(registry.resolve('smart'), never, log, failing.call);
    assert.equal(routed.value, 'ok from b/m');
    assert.deepEqual(log.map((entry) => `${entry.deployment};${entry.status};${entry.code ?? ''}`), ['a/m;0;circuit_open', 'b/m;200;']);
    assert.equal(routed.attempts, 1, 'a skipped deployment is not a try');
    const deadline = Date.now() + 5000;
    while (router.health('a/m').circuit.name === 'open' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(router.health('a/m').circuit.name, 'half-open', 'after halfOpenAfterMs the next call probes');
    const probe = await router.call(registry.resolve('smart'), never, [], failing.call);
    assert.equal(probe.value, 'ok from a/m');
    assert.equal(router.health('a/m').circuit.name, 'closed');
  });

  test('when every deployment is open: 503 deployments_unavailable with a retry-after, and no upstream call', async () => {
    const breaker = { ...resolveRouting().breaker, consecutiveFailures: 1, halfOpenAfterMs: 60_000 };
    const { registry, router } = setup({}, { maxAttemptsPerDeployment: 1, breaker });
    const { calls, call } = scripted({ 'a/m': [unavailable()] });
    await assert.rejects(router.call(registry.resolve('a/m'), never, [], call), UpstreamError);
    await assert.rejects(router.call(registry.resolve('a/m'), never, [], call),
      (error: unknown) => error instanceof DeploymentsUnavailableError && error.status === 503 && error.retryAfterSeconds === 60);
    assert.deepEqual(calls, ['a/m']);
  });

  test('a failure rate over the window opens the circuit even without failures in a row', async () => {
    const breaker = { consecutiveFailures: 100, failureRate: 0.5, minimumRequests: 4, windowMs: 60_000, halfOpenAfterMs: 60_000 };
    const { registry, router } = setup({}, { maxAttemptsPerDeployment: 1, breaker });
    const { call } = scripted({ 'a/m': [unavailable(), 'ok', unavailable(), 'ok', unavailable(), 'ok', unavailable()] });
    for (let i = 0; i < 7 && router.health('a/m').circuit.name === 'closed'; i++) await router.call(registry.resolve('a/m'), never, [], call).catch(() => undefined);
    assert.equal(router.health('a/m').circuit.name, 'open');
  });

  test('streams: silence beyond firstByteMs is a timeout of that try, and the next deployment answers', async () => {
    const { registry, router } = setup({ smart: { strategy: 'weighted', deployments: [
      { target: 'a/m', weight: 1, priority: 0, timeouts: { firstByteMs: 30 } }, { target: 'b/m', weight: 1, priority: 1 },
    ] } }, { maxAttemptsPerDeployment: 1 });
    const log: AttemptRecord[] = [];
    const routed = await router.stream(registry.resolve('smart'), never, log, async (deployment, signal) => (async function* (): AsyncGenerator<StreamPart> {
      yield { type: 'stream-start', warnings: [] };
      if (deployment.name === 'a/m') {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        throw signal.reason;
      }
      yield { type: 'text-delta', index: 0, text: 'hi' };
    })());
    assert.equal(routed.deployment.name, 'b/m');
    assert.deepEqual(routed.value.head.map((part) => part.type), ['stream-start', 'text-delta']);
    assert.deepEqual(log.map((entry) => `${entry.deployment};${entry.code ?? entry.status}`), ['a/m;upstream_timeout', 'b/m;200']);
    assert.equal(router.health('b/m').inFlight, 1, 'an accepted stream is in flight until finished');
    router.finish(routed);
    assert.equal(router.health('b/m').inFlight, 0);
  });

  test('streams: an error part before any answer is a failed try, not an answer', async () => {
    const { registry, router } = setup({ smart: ['a/m', 'b/m'] }, { maxAttemptsPerDeployment: 1 });
    const routed = await router.stream(registry.resolve('smart'), never, [], async (deployment) => (async function* (): AsyncGenerator<StreamPart> {
      yield { type: 'stream-start', warnings: [] };
      if (deployment.name === 'a/m') yield { type: 'error', error: new UpstreamError('overloaded', 503, true) };
      else yield { type: 'text-delta', index: 0, text: 'hi' };
    })());
    assert.equal(routed.deployment.name, 'b/m');
    router.finish(routed);
  });

  test('shutdown: running calls end with shutting_down, and no new try starts', async () => {
    const { registry, router } = setup({});
    const running = router.call(registry.resolve('a/m'), never, [], (_deployment, signal) =>
      new Promise<string>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })));
    await new Promise((resolve) => setImmediate(resolve));
    router.abortAll(new ShuttingDownError('Qiao is shutting down.'));
    await assert.rejects(running, ShuttingDownError);
    await assert.rejects(router.call(registry.resolve('a/m'), never, [], async (_deployment, signal) => {
      if (signal.aborted) throw signal.reason;
      return 'late';
    }), ShuttingDownError);
  });

  test('snapshot: every alias deployment with its circuit and load, then deployments used directly', async () => {
    const { registry, router } = setup({ smart: { strategy: 'lowest-latency', deployments: [
      { target: 'a/m', weight: 2, priority: 0 }, { target: 'b/m', weight: 1, priority: 1 },
    ] } }, { maxAttemptsPerDeployment: 1 });
    await router.call(registry.resolve('c/x'), never, [], async () => 'ok');
    await router.call(registry.resolve('smart'), never, [], async () => { throw new UpstreamTimeoutError('Upstream a timed out'); }).catch(() => undefined);
    const snapshot = router.snapshot();
    assert.deepEqual(snapshot.map((entry) => [entry.alias, entry.deployment, entry.weight, entry.priority, entry.circuit]),
      [['smart', 'a/m', 2, 0, 'closed'], ['smart', 'b/m', 1, 1, 'closed'], [undefined, 'c/x', 1, 0, 'closed']]);
    assert.equal(snapshot[0]!.lastError, 'Upstream a timed out');
    assert.ok(snapshot[0]!.errorRate > 0);
    assert.equal(typeof snapshot[2]!.latencyMsEwma, 'number');
    assert.equal(snapshot[1]!.inFlight, 0);
  });
});
