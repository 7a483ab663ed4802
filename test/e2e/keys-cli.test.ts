import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { chat } from '../support/admin-client.js';
import { testRedisUrl, uniqueRedisPrefix } from '../support/redis-prefix.js';
import { startGateway, type RunningGateway } from '../support/start-gateway.js';

const bin = new URL('../../bin/qiao.js', import.meta.url).pathname;
const adminKey = 'admin-secret-key-0123456789';

describe('qiao keys create|list|revoke on the storage a running gateway uses', () => {
  const directory = mkdtempSync(join(tmpdir(), 'qiao-keys-cli-'));
  const configPath = join(directory, 'qiao.yaml');
  const redis = uniqueRedisPrefix();
  const env = { ...process.env, REDIS_URL: testRedisUrl, QIAO_REDIS_PREFIX: redis.prefix, QIAO_SQLITE_PATH: join(directory, 'qiao.db') };
  const qiaoKeys = (...args: string[]) => promisify(execFile)(process.execPath, [bin, 'keys', ...args, '--config', configPath], { cwd: directory, env });
  let gateway: RunningGateway;

  before(async () => {
    writeFileSync(configPath, `api:\n  admin_key: ${adminKey}\nproviders:\n  mock: { paceMs: 0 }\n`);
    gateway = await startGateway({ api: { admin_key: adminKey }, providers: { mock: { paceMs: 0 } } }, { REDIS_URL: testRedisUrl, QIAO_REDIS_PREFIX: redis.prefix }, { directory });
  });
  after(async () => {
    await gateway?.close();
    await redis.cleanup();
    rmSync(directory, { recursive: true, force: true });
  });

  test('create prints the secret once; list never shows it; revoke holds on the running gateway at the next request', async () => {
    const created = await qiaoKeys('create', '--name', 'from-cli', '--models', 'mock/*', '--rpm', '100', '--budget-tokens', '50000', '--period', 'week', '--json');
    const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
    assert.match(key, /^qk-/);
    assert.equal((await chat(gateway.url, key)).status, 200);

    const listed = await qiaoKeys('list');
    assert.match(listed.stdout, new RegExp(`${id}\\s+from-cli`));
    assert.match(listed.stdout, /budget 50000 tokens per week/);
    assert.ok(!listed.stdout.includes(key));

    const revoked = await qiaoKeys('revoke', id);
    assert.match(revoked.stdout, /Revoked/);
    assert.equal((await chat(gateway.url, key)).status, 401);
  });

  test('bad input is refused with a message naming the option; an unknown id says so', async () => {
    await assert.rejects(qiaoKeys('create', '--name', 'x', '--rpm', 'many'), (error: { stderr: string; code: number }) => {
      assert.match(error.stderr, /--rpm/);
      return error.code === 1;
    });
    await assert.rejects(qiaoKeys('revoke', 'key_missing'), (error: { stderr: string }) => /No key with id "key_missing"/.test(error.stderr));
  });
});
