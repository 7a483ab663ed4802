import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './index.js';

const cwd = () => mkdtempSync(join(tmpdir(), 'qiao-keys-config-'));

test('admin key from QIAO_ADMIN_KEY or api.admin_key; limits, prices and usage settings with defaults', () => {
  const defaults = loadConfig({ cwd: cwd(), env: {} });
  assert.equal(defaults.api.adminKey, undefined);
  assert.deepEqual(defaults.limits, { defaultOutputTokens: 1024 });
  assert.deepEqual(defaults.prices, {});
  assert.deepEqual(defaults.usage, { retentionDays: 30, logBodies: false });

  assert.equal(loadConfig({ cwd: cwd(), env: { QIAO_ADMIN_KEY: 'from-the-environment-123' }, file: { api: { admin_key: 'from-the-file-0123456' } } }).api.adminKey, 'from-the-environment-123');
  const file = loadConfig({ cwd: cwd(), env: {}, file: {
    api: { admin_key: 'from-the-file-0123456' }, limits: { defaultOutputTokens: 256 }, prices: { 'local/*': { input: 0, output: 0 } }, usage: { retentionDays: 7, logBodies: true },
  } });
  assert.equal(file.api.adminKey, 'from-the-file-0123456');
  assert.deepEqual([file.limits.defaultOutputTokens, file.prices['local/*'], file.usage], [256, { input: 0, output: 0 }, { retentionDays: 7, logBodies: true }]);
});

test('bad key settings stop the start with a message naming the field or variable', () => {
  const fails = (options: Parameters<typeof loadConfig>[0], pattern: RegExp) =>
    assert.throws(() => loadConfig({ cwd: cwd(), env: {}, ...options }), (error: unknown) => error instanceof ConfigError && pattern.test(error.message));
  fails({ env: { QIAO_ADMIN_KEY: 'short' } }, /QIAO_ADMIN_KEY must be at least 16/);
  fails({ file: { api: { admin_key: 'short' } } }, /api\.admin_key/);
  fails({ file: { api: { auth_enabled: false, admin_key: 'long-enough-admin-key' } } }, /auth_enabled is false but an admin key/);
  fails({ file: { usage: { retentionDays: 0 } } }, /usage\.retentionDays/);
  fails({ file: { prices: { 'gpt-4o': { input: -1, output: 1 } } } }, /prices\.gpt-4o\.input/);
  fails({ file: { limits: { defaultOutputTokens: 'many' } } }, /limits\.defaultOutputTokens/);
});
