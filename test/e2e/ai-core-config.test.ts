import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readFixture, startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { startGateway } from '../support/start-gateway.js';
import { postJson } from './ai-core-support.js';

const fixtures = new URL('../../src/providers/openai-compatible/__fixtures__/', import.meta.url);
const answer = readFixture(fixtures, 'openai-text.json');
const user = (content: string) => ({ messages: [{ role: 'user', content }] });

/** Every byte of every file in the data directory (SQLite file, its WAL, secret.key). */
function dataBytes(directory: string): Buffer {
  return Buffer.concat(readdirSync(directory).map((name) => readFileSync(join(directory, name))));
}

describe('ai_core POST /config: persistence and secrets', () => {
  let upstream: FakeUpstream;
  const directories: string[] = [];
  const dataDirectory = () => {
    const directory = mkdtempSync(join(tmpdir(), 'qiao-ai-core-'));
    directories.push(directory);
    return directory;
  };

  before(async () => {
    upstream = await startFakeUpstream({ 'POST /v1/chat/completions': () => ({ json: JSON.parse(answer) }) });
  });
  after(async () => {
    await upstream?.close();
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });

  const configBody = (apiKey: string) => ({ provider_type: 'openai', api_key: apiKey, model: 'gpt-3.5-turbo', base_url: `${upstream.baseUrl}/v1`, max_retries: 1 });

  test('the configuration survives a restart; the key is sealed on disk, in a 0600 secret.key', async () => {
    const directory = dataDirectory();
    const key = 'sk-survives-restart-7d21e0';
    const first = await startGateway({}, {}, { directory });
    try {
      assert.equal((await postJson(first.url, '/config', configBody(key))).status, 200);
    } finally {
      await first.close();
    }
    assert.ok(dataBytes(directory).includes('gpt-3.5-turbo'), 'the scan sees what was stored');
    assert.ok(!dataBytes(directory).includes(key), 'the key is not stored in clear');
    assert.equal(statSync(join(directory, 'secret.key')).mode & 0o777, 0o600);

    const second = await startGateway({}, {}, { directory });
    try {
      assert.match(second.gateway.notices.join('\n'), /ai_core model: openai\/gpt-3\.5-turbo/);
      const stored = await second.gateway.storage.runtimeConfig.load();
      assert.equal(stored.providers[0]?.apiKey, key, 'the sealed key opens again');
      const response = await postJson(second.url, '/chat', user('after restart'));
      assert.equal(response.status, 200);
      assert.equal((await response.json() as { model: string }).model, 'gpt-3.5-turbo');
      const sent = upstream.requests.at(-1)!;
      assert.equal(sent.headers.authorization, `Bearer ${key}`);
      assert.equal((sent.body as { messages: { content: string }[] }).messages[0]!.content, 'after restart');
      assert.ok(!(await (await fetch(`${second.url}/health`)).text()).includes(key));
    } finally {
      await second.close();
    }
  });

  test('with QIAO_SECRET_KEY no key file is written; another secret cannot open the stored key', async () => {
    const directory = dataDirectory();
    const key = 'sk-sealed-with-passphrase-11aa';
    const first = await startGateway({}, { QIAO_SECRET_KEY: 'passphrase one' }, { directory });
    try {
      assert.equal((await postJson(first.url, '/config', configBody(key))).status, 200);
    } finally {
      await first.close();
    }
    assert.ok(!existsSync(join(directory, 'secret.key')));
    assert.ok(!dataBytes(directory).includes(key));

    const second = await startGateway({}, { QIAO_SECRET_KEY: 'passphrase two' }, { directory });
    try {
      assert.match(second.gateway.notices.join('\n'), /openai .*not restored: .*cannot be decrypted/);
      const chat = await (await postJson(second.url, '/chat', user('falls back'))).json() as { model: string };
      assert.equal(chat.model, 'mock-echo', 'the mock-only default answers again');
    } finally {
      await second.close();
    }
  });

  test('before any /config: core.model from the file, else a 400 naming what to do', async () => {
    const provider = { upstream: { type: 'openai-compatible', baseUrl: `${upstream.baseUrl}/v1`, apiKey: 'sk-file', models: ['gpt-4o-mini'] } };
    const withCore = await startGateway({ providers: provider, core: { model: 'upstream/gpt-4o-mini' } });
    try {
      const chat = await (await postJson(withCore.url, '/chat', user('hi'))).json() as { model: string; success: boolean };
      assert.deepEqual([chat.success, chat.model], [true, 'gpt-4o-mini']);
    } finally {
      await withCore.close();
    }
    const without = await startGateway({ providers: provider });
    try {
      for (const path of ['/chat', '/chat/stream']) {
        const response = await postJson(without.url, path, user('hi'));
        assert.equal(response.status, 400);
        assert.deepEqual(await response.json(), { success: false, message: 'No model configured: POST /config first (provider_type, api_key, model).' });
      }
    } finally {
      await without.close();
    }
    await assert.rejects(startGateway({ providers: provider, core: { model: 'nowhere/x' } }), /core\.model: /);
  });

  test('with the gateway key on, /config, /chat and /heartbeat need it', async () => {
    const qiao = await startGateway({ api: { auth_enabled: true, api_key: 'gateway-key' } });
    try {
      for (const [path, body] of [['/config', configBody('sk-auth')], ['/chat', user('hi')]] as const) {
        const refused = await postJson(qiao.url, path, body);
        assert.equal(refused.status, 401, path);
        const error = await refused.json() as { success: boolean; message: string };
        assert.equal(error.success, false);
        assert.match(error.message, /API key/);
        assert.equal((await postJson(qiao.url, path, body, { authorization: 'Bearer gateway-key' })).status, 200, path);
      }
      assert.equal((await fetch(`${qiao.url}/heartbeat`)).status, 401);
      assert.equal((await fetch(`${qiao.url}/heartbeat`, { headers: { authorization: 'Bearer gateway-key' } })).status, 200);
      const remote = await qiao.app.inject({ method: 'POST', url: '/config', remoteAddress: '10.20.30.40', headers: { authorization: 'Bearer gateway-key' }, payload: configBody('sk-remote') });
      assert.equal(remote.statusCode, 200, 'a key holder may configure from anywhere');
    } finally {
      await qiao.close();
    }
  });

  test('without a gateway key, /config is accepted from this machine only', async () => {
    const qiao = await startGateway();
    try {
      const remote = await qiao.app.inject({ method: 'POST', url: '/config', remoteAddress: '10.20.30.40', payload: configBody('sk-remote') });
      assert.equal(remote.statusCode, 403);
      assert.equal(remote.json<{ success: boolean }>().success, false);
      assert.match(remote.json<{ message: string }>().message, /gateway key/);
      const local = await qiao.app.inject({ method: 'POST', url: '/config', remoteAddress: '127.0.0.1', payload: configBody('sk-local') });
      assert.equal(local.statusCode, 200);
    } finally {
      await qiao.close();
    }
  });
});
