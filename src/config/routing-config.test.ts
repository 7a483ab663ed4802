import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { attemptsHeader } from '../gateway/routing/attempt-log.js';
import { ConfigError, loadConfig } from './index.js';

const load = (file: Record<string, unknown>) => loadConfig({ cwd: mkdtempSync(join(tmpdir(), 'qiao-routing-')), env: {}, file });

describe('routing configuration', () => {
  test('the alias object form: strategy, weights, priorities, per-deployment timeouts; defaults filled in', () => {
    const config = load({
      aliases: {
        smart: {
          strategy: 'least-inflight',
          maxAttemptsPerDeployment: 3,
          deployments: [{ target: 'openai-a/gpt-4o', weight: 3, priority: 0, timeouts: { firstByteMs: 1000 } }, { target: 'anthropic/claude-x', priority: 1 }],
        },
        plain: 'mock/mock-echo',
      },
    });
    assert.deepEqual(config.aliases.smart, {
      strategy: 'least-inflight',
      maxAttemptsPerDeployment: 3,
      deployments: [
        { target: 'openai-a/gpt-4o', weight: 3, priority: 0, timeouts: { firstByteMs: 1000 } },
        { target: 'anthropic/claude-x', weight: 1, priority: 1 },
      ],
    });
    assert.deepEqual(config.aliases.plain, { strategy: 'weighted', deployments: [{ target: 'mock/mock-echo', weight: 1, priority: 0 }] });
  });

  test('routing and shutdown defaults, and overrides', () => {
    const defaults = load({});
    assert.equal(defaults.server.shutdownGraceSeconds, 30);
    assert.deepEqual(defaults.routing, {
      maxAttemptsPerDeployment: 2, baseDelayMs: 250, maxDelayMs: 4000, maxRetryAfterMs: 5000, firstByteMs: 300_000,
      breaker: { consecutiveFailures: 5, failureRate: 0.5, minimumRequests: 10, windowMs: 30_000, halfOpenAfterMs: 15_000 },
    });
    const set = load({ server: { shutdownGraceSeconds: 5 }, routing: { maxAttemptsPerDeployment: 4, breaker: { halfOpenAfterMs: 500 } } });
    assert.equal(set.server.shutdownGraceSeconds, 5);
    assert.equal(set.routing.maxAttemptsPerDeployment, 4);
    assert.equal(set.routing.breaker.halfOpenAfterMs, 500);
    assert.equal(set.routing.breaker.consecutiveFailures, 5);
  });

  test('mistakes are named by their path', () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ aliases: { smart: { strategy: 'fastest', deployments: [{ target: 'a/b' }] } } }, /aliases\.smart/],
      [{ aliases: { smart: { deployments: [] } } }, /aliases\.smart/],
      [{ aliases: { smart: { deployments: [{ target: 'a/b', weight: 0 }] } } }, /aliases\.smart/],
      [{ routing: { maxAttemptsPerDeployment: 0 } }, /routing\.maxAttemptsPerDeployment/],
      [{ routing: { breaker: { failureRate: 2 } } }, /routing\.breaker\.failureRate/],
      [{ routing: { retries: 3 } }, /routing/],
      [{ server: { shutdownGraceSeconds: -1 } }, /server\.shutdownGraceSeconds/],
      [{ providers: { x: { type: 'mock', timeouts: { firstByteMs: 0 } } } }, /providers\.x\.timeouts\.firstByteMs/],
    ];
    for (const [file, message] of cases) {
      assert.throws(() => load(file), (error: unknown) => error instanceof ConfigError && message.test(error.message), JSON.stringify(file));
    }
  });
});

describe('x-qiao-attempts', () => {
  test('deployment;outcome;ms per try; words for outcomes without an HTTP status', () => {
    assert.equal(attemptsHeader([
      { deployment: 'openai-a/gpt-4o', status: 0, code: 'circuit_open', ms: 0 },
      { deployment: 'openai-b/gpt-4o', status: 502, code: 'upstream_unreachable', ms: 3 },
      { deployment: 'openai-b/gpt-4o', status: 504, code: 'upstream_timeout', ms: 400 },
      { deployment: 'openai-c/gpt-4o', status: 429, code: 'rate_limit_exceeded', ms: 12 },
      { deployment: 'anthropic/claude-x', status: 200, ms: 80 },
    ]), 'openai-a/gpt-4o;open;0ms, openai-b/gpt-4o;unreachable;3ms, openai-b/gpt-4o;timeout;400ms, openai-c/gpt-4o;429;12ms, anthropic/claude-x;200;80ms');
    assert.equal(attemptsHeader([]), '');
  });
});
