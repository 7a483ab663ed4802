import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'undici';
import { AttemptSignal } from './attempt-signal.js';

test('abort fires onabort and each listener once, and keeps the first reason', () => {
  const signal = new AttemptSignal();
  const heard: string[] = [];
  signal.onabort = () => heard.push('onabort');
  signal.addEventListener('abort', () => heard.push('listener'), { once: true });
  assert.equal(signal.aborted, false);
  signal.throwIfAborted();
  const first = new Error('first');
  signal.abort(first);
  signal.abort(new Error('second'));
  assert.deepEqual(heard, ['onabort', 'listener']);
  assert.equal(signal.aborted, true);
  assert.equal(signal.reason, first);
  assert.throws(() => signal.throwIfAborted(), first);
});

test('node:timers/promises and node:events take it as an AbortSignal', async () => {
  const signal = new AttemptSignal();
  const sleeping = sleep(60_000, undefined, { signal });
  const waiting = once(new EventTarget(), 'never', { signal });
  signal.abort(new Error('gone'));
  await assert.rejects(sleeping, { name: 'AbortError' });
  await assert.rejects(waiting, { name: 'AbortError' });
});

test('undici aborts a request in flight with the signal and rejects with its reason', { timeout: 10_000 }, async (t) => {
  const server = createServer(() => undefined); // never answers
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const agent = new Agent();
  t.after(async () => {
    await agent.close();
    server.closeAllConnections();
    server.close();
  });
  const { port } = server.address() as AddressInfo;
  const signal = new AttemptSignal();
  const request = agent.request({ origin: `http://127.0.0.1:${port}`, path: '/', method: 'GET', signal });
  await once(server, 'request');
  const reason = new Error('attempt timed out');
  signal.abort(reason);
  await assert.rejects(request, (error) => error === reason);
});

test('AbortSignal.any takes it but does not follow it (why the hot-path guard refuses AbortSignal.any)', () => {
  const signal = new AttemptSignal();
  const combined = AbortSignal.any([signal]);
  signal.abort(new Error('gone'));
  // If Node starts following it, this fails: then AbortSignal.any may be allowed again.
  assert.equal(combined.aborted, false);
});
