import assert from 'node:assert/strict';
import type { StorageContractCase } from '../storage-engines.js';

const provider = { name: 'openai', type: 'openai', apiKey: 'sk-contract-secret-4f1e', baseUrl: 'http://127.0.0.1:9/v1', timeoutSeconds: 12.75 };
const coreModel = { provider: 'openai', model: 'gpt-4o-mini', maxRetries: 2 };

export const runtimeConfigCases: StorageContractCase[] = [
  {
    name: 'runtime config: save then load gives the provider (key opened, float timeout) and the core model; the key is sealed at rest',
    async run(subject) {
      const storage = await subject.open();
      assert.deepEqual(await storage.runtimeConfig.load(), { providers: [] });
      const before = Date.now();
      await storage.runtimeConfig.save(provider, coreModel);
      const loaded = await storage.runtimeConfig.load();
      const { updatedAt, ...rest } = loaded.providers[0]!;
      assert.deepEqual(rest, provider);
      assert.ok(updatedAt instanceof Date && updatedAt.getTime() >= before - 1000);
      assert.deepEqual(loaded.coreModel, coreModel);
      const rows = await subject.rows('runtime_provider');
      assert.equal(rows.length, 1);
      assert.ok(!JSON.stringify(rows).includes(provider.apiKey), 'no clear key in the table');
      assert.match(String(rows[0]!.api_key_sealed), /^v1:/);
    },
  },
  {
    name: 'runtime config: saving the same name replaces it; absent key, URL and timeout read back absent',
    async run(subject) {
      const storage = await subject.open();
      await storage.runtimeConfig.save(provider, coreModel);
      await storage.runtimeConfig.save({ name: 'openai', type: 'openai' }, { ...coreModel, model: 'gpt-4o', maxRetries: 0 });
      const loaded = await storage.runtimeConfig.load();
      assert.equal(loaded.providers.length, 1);
      const { updatedAt: _updatedAt, ...rest } = loaded.providers[0]!;
      assert.deepEqual(rest, { name: 'openai', type: 'openai' });
      assert.deepEqual(loaded.coreModel, { provider: 'openai', model: 'gpt-4o', maxRetries: 0 });
    },
  },
  {
    name: 'runtime config: another instance with the same secret opens the stored key; one with another secret cannot',
    async run(subject) {
      await (await subject.open()).runtimeConfig.save(provider, coreModel);
      const sameSecret = await (await subject.open()).runtimeConfig.load();
      assert.equal(sameSecret.providers[0]?.apiKey, provider.apiKey);
      const otherSecret = await (await subject.open({ secretKey: 'another secret' })).runtimeConfig.load();
      assert.equal(otherSecret.providers[0]?.apiKey, undefined);
      assert.equal(otherSecret.providers[0]?.apiKeyUnreadable, true);
    },
  },
];
