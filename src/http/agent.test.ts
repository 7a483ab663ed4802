import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentFor, upstreamAgent } from './agent.js';
import { defaultTimeouts } from './timeouts.js';

test('a connect timeout selects its own keep-alive pool; the default shares the one pool', () => {
  assert.equal(agentFor(), upstreamAgent);
  assert.equal(agentFor(defaultTimeouts.connectMs), upstreamAgent);
  const short = agentFor(2_000);
  assert.notEqual(short, upstreamAgent, 'a configured connectMs must not be silently ignored');
  assert.equal(agentFor(2_000), short, 'one pool per value, reused');
});
