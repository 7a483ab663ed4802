import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ModelNotFoundError } from '../errors/index.js';
import type { ChatModel, ModelInfo, Provider } from '../spec/index.js';
import { ModelRegistry } from './model-registry.js';

function provider(name: string, models: string[], discovered: string[] = []): Provider {
  return {
    name,
    configured: true,
    configuredModels: models.map((id): ModelInfo => ({ id })),
    chatModel: () => ({}) as ChatModel,
    discoverModels: async () => discovered.map((id) => ({ id })),
  };
}

const route = (registry: ModelRegistry, name: string) =>
  registry.resolve(name).deployments.map((deployment) => `${deployment.provider.name}/${deployment.modelId}`);

describe('ModelRegistry', () => {
  const dashscope = provider('dashscope', ['qwen-flash', 'qwen-plus', 'deepseek-r1']);
  const deepseek = provider('deepseek', ['deepseek-chat', 'deepseek-r1']);
  const siliconflow = provider('siliconflow', ['deepseek-ai/DeepSeek-V3']);

  test('provider/model is forwarded, even when the model is not listed', () => {
    const registry = new ModelRegistry([dashscope, deepseek, siliconflow], {});
    assert.deepEqual(route(registry, 'dashscope/qwen-max-latest'), ['dashscope/qwen-max-latest']);
    assert.deepEqual(route(registry, 'siliconflow/deepseek-ai/DeepSeek-V3'), ['siliconflow/deepseek-ai/DeepSeek-V3']);
  });

  test('a bare name resolves to the one provider that lists it, including ids with a slash', () => {
    const registry = new ModelRegistry([dashscope, deepseek, siliconflow], {});
    assert.deepEqual(route(registry, 'qwen-flash'), ['dashscope/qwen-flash']);
    assert.deepEqual(route(registry, 'deepseek-ai/DeepSeek-V3'), ['siliconflow/deepseek-ai/DeepSeek-V3']);
  });

  test('an ambiguous bare name is a 404 naming the choices, unless the default provider lists it', () => {
    const registry = new ModelRegistry([dashscope, deepseek], {});
    assert.throws(() => registry.resolve('deepseek-r1'), (error: unknown) =>
      error instanceof ModelNotFoundError && error.status === 404 && /dashscope\/deepseek-r1/.test(error.message) && /deepseek\/deepseek-r1/.test(error.message));
    assert.deepEqual(route(new ModelRegistry([dashscope, deepseek], {}, 'deepseek'), 'deepseek-r1'), ['deepseek/deepseek-r1']);
  });

  test('an unlisted bare name goes to the default provider, else is a 404 with close matches', () => {
    assert.deepEqual(route(new ModelRegistry([dashscope, deepseek], {}, 'dashscope'), 'qwen3-max'), ['dashscope/qwen3-max']);
    const registry = new ModelRegistry([dashscope, deepseek], {});
    assert.throws(() => registry.resolve('qwen-flsh'), (error: unknown) =>
      error instanceof ModelNotFoundError && error.param === 'model' && /Did you mean: .*qwen-flash/.test(error.message));
    assert.throws(() => registry.resolve('zzzzzzzz'), (error: unknown) => error instanceof ModelNotFoundError && /\/v1\/models/.test(error.message));
  });

  test('aliases map to ordered deployments and are listed', () => {
    const registry = new ModelRegistry([dashscope, deepseek], { fast: ['dashscope/qwen-flash'], resilient: ['qwen-plus', 'deepseek/deepseek-chat'] });
    assert.deepEqual(route(registry, 'fast'), ['dashscope/qwen-flash']);
    assert.deepEqual(route(registry, 'resilient'), ['dashscope/qwen-plus', 'deepseek/deepseek-chat']);
    assert.equal(registry.resolve('fast').requested, 'fast');
    const listed = registry.list();
    assert.ok(listed.some((model) => model.id === 'fast' && model.ownedBy === 'qiao'));
    assert.ok(listed.some((model) => model.id === 'dashscope/qwen-plus' && model.ownedBy === 'dashscope'));
  });

  test('discovered models join the listing and bare-name resolution; failures are reported, not thrown', async () => {
    const ollama = provider('ollama', [], ['llama3.2:3b']);
    const broken: Provider = { ...provider('broken', []), discoverModels: async () => { throw new Error('connection refused'); } };
    const registry = new ModelRegistry([ollama, broken], {});
    assert.throws(() => registry.resolve('llama3.2:3b'), ModelNotFoundError);
    const failures = await registry.refresh();
    assert.deepEqual(failures, [{ provider: 'broken', error: 'connection refused' }]);
    assert.deepEqual(route(registry, 'llama3.2:3b'), ['ollama/llama3.2:3b']);
    assert.ok(registry.list().some((model) => model.id === 'ollama/llama3.2:3b'));
  });

  test('the last discovery of each provider is remembered: reachable, or the failure; models found before a failure stay', async () => {
    let down = false;
    const flaky: Provider = { ...provider('flaky', []), discoverModels: async () => {
      if (down) throw new Error('Could not reach upstream flaky (ECONNREFUSED).');
      return [{ id: 'm1' }];
    } };
    const registry = new ModelRegistry([flaky, provider('static', ['a'])], {});
    assert.equal(registry.discoveryStatus(flaky), undefined);
    await registry.refresh();
    assert.equal(registry.discoveryStatus(flaky)?.reachable, true);
    assert.equal(registry.discoveryStatus(flaky)?.error, undefined);
    down = true;
    await registry.refresh();
    assert.deepEqual({ ...registry.discoveryStatus(flaky), checkedAt: undefined },
      { reachable: false, error: 'Could not reach upstream flaky (ECONNREFUSED).', checkedAt: undefined });
    assert.deepEqual(registry.modelsOf(flaky).map((model) => model.id), ['m1']);
    registry.setProvider(provider('flaky', []));
    assert.equal(registry.discoveryStatus(flaky), undefined, 'a replaced provider starts afresh');
  });

  test('providers and aliases set at runtime: replaced by name, repeats kept as retries, the config untouched', () => {
    const aliases = { fast: ['dashscope/qwen-flash'] };
    const registry = new ModelRegistry([dashscope], aliases);
    const replacement = provider('dashscope', ['qwen-max']);
    registry.setProvider(replacement);
    registry.setProvider(provider('openai', ['gpt-4o-mini']));
    assert.equal(registry.resolve('dashscope/qwen-max').deployments[0]!.provider, replacement);
    assert.deepEqual(registry.allProviders().map((entry) => entry.name), ['dashscope', 'openai']);
    registry.setAlias('ai-core', ['openai/gpt-4o-mini', 'openai/gpt-4o-mini']);
    assert.deepEqual(route(registry, 'ai-core'), ['openai/gpt-4o-mini', 'openai/gpt-4o-mini']);
    assert.deepEqual(aliases, { fast: ['dashscope/qwen-flash'] }, 'the configuration object is not changed');
    assert.throws(() => registry.resolve('constructor'), ModelNotFoundError, 'names of Object.prototype are not aliases');
  });
});
