import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ForwardingLogger } from './forwarding-logger.js';
import type { Logger } from './logger.js';

test('ForwardingLogger keeps early lines until attached, then forwards everything in order', () => {
  const written: string[] = [];
  const target: Logger = {
    info: (_object, message) => void written.push(`info ${message}`),
    warn: (_object, message) => void written.push(`warn ${message}`),
    error: (_object, message) => void written.push(`error ${message}`),
    debug: (_object, message) => void written.push(`debug ${message}`),
  };
  const logger = new ForwardingLogger();
  logger.warn({ provider: 'x' }, 'model discovery failed');
  logger.info({}, 'restored');
  assert.deepEqual(written, []);
  logger.attach(target);
  logger.error({}, 'later');
  assert.deepEqual(written, ['warn model discovery failed', 'info restored', 'error later']);
});
