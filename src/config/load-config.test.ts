import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './index.js';

const directory = () => mkdtempSync(join(tmpdir(), 'qiao-config-'));

describe('loadConfig', () => {
  test('with nothing configured, the mock provider answers and is the default', () => {
    const config = loadConfig({ cwd: directory(), env: {} });
    assert.equal(config.mockOnly, true);
    assert.deepEqual(config.providers.map((provider) => provider.name), ['mock']);
    assert.equal(config.defaultProvider, 'mock');
    assert.equal(config.server.host, '127.0.0.1');
    assert.equal(config.server.port, 8000);
    assert.match(config.storage.sqlitePath, /data\/qiao\.db$/);
  });

  test('providers come from the standard environment variables alone', () => {
    const config = loadConfig({ cwd: directory(), env: { DASHSCOPE_API_KEY: 'k1', DEEPSEEK_API_KEY: 'k2', OLLAMA_HOST: '127.0.0.1:11434', VLLM_BASE_URL: 'http://127.0.0.1:8001/v1' } });
    assert.deepEqual(config.providers.map((provider) => `${provider.name}:${provider.type}:${provider.source}`).sort(),
      ['dashscope:dashscope:environment', 'deepseek:deepseek:environment', 'ollama:ollama:environment', 'vllm:vllm:environment']);
    assert.equal(config.mockOnly, false);
    assert.equal(config.defaultProvider, undefined);
  });

  test('ALI_API_KEY enables DashScope too (seed 004)', () => {
    const config = loadConfig({ cwd: directory(), env: { ALI_API_KEY: 'k' } });
    assert.deepEqual(config.providers.map((provider) => provider.name), ['dashscope']);
  });

  test('a .env file in the working directory is read, real variables win', () => {
    const cwd = directory();
    writeFileSync(join(cwd, '.env'), 'DEEPSEEK_API_KEY=from-file\nQIAO_PORT=9100\n');
    const config = loadConfig({ cwd });
    assert.ok(config.providers.some((provider) => provider.name === 'deepseek'));
    assert.equal(config.env.DEEPSEEK_API_KEY, process.env.DEEPSEEK_API_KEY ?? 'from-file');
    assert.equal(config.server.port, process.env.QIAO_PORT ? Number(process.env.QIAO_PORT) : 9100);
  });

  test('a YAML file with ${VAR} interpolation, aliases and CLI overrides', () => {
    const cwd = directory();
    writeFileSync(join(cwd, 'qiao.yaml'), [
      'server: { port: 9001 }',
      'providers:',
      '  qwen:',
      '    type: dashscope',
      '    apiKey: ${MY_QWEN_KEY}',
      '    models: [qwen-flash]',
      'aliases:',
      '  fast: qwen/qwen-flash',
      '  resilient: [qwen/qwen-plus, qwen/qwen-flash]',
    ].join('\n'));
    const config = loadConfig({ cwd, env: { MY_QWEN_KEY: 'secret' }, port: 9002 });
    assert.equal(config.server.port, 9002);
    assert.equal(config.providers[0]!.apiKey, 'secret');
    const targets = (name: string) => config.aliases[name]!.deployments.map((deployment) => `${deployment.target}@${deployment.priority}`);
    assert.deepEqual(targets('fast'), ['qwen/qwen-flash@0']);
    assert.deepEqual(targets('resilient'), ['qwen/qwen-plus@0', 'qwen/qwen-flash@1'], 'a list is one deployment per priority, in order');
    assert.equal(config.configPath, join(cwd, 'qiao.yaml'));
  });

  test('errors name the path and the variable', () => {
    const cwd = directory();
    assert.throws(() => loadConfig({ cwd, env: {}, file: { providers: { qwen: { type: 'dashscope', apiKey: '${NOT_SET}' } } } }),
      (error: unknown) => error instanceof ConfigError && /providers\.qwen\.apiKey/.test(error.message) && /NOT_SET/.test(error.message));
    assert.throws(() => loadConfig({ cwd, env: {}, file: { server: { port: 'eighty' } } }),
      (error: unknown) => error instanceof ConfigError && /server\.port/.test(error.message));
    assert.throws(() => loadConfig({ cwd, env: {}, file: { providers: { x: { type: 'nonsense' } } } }),
      (error: unknown) => error instanceof ConfigError && /providers\.x\.type/.test(error.message) && /dashscope/.test(error.message));
    assert.throws(() => loadConfig({ cwd, env: {}, file: { providers: { x: { type: 'vllm', baseUrl: 'not a url' } } } }),
      (error: unknown) => error instanceof ConfigError && /providers\.x\.baseUrl/.test(error.message));
    assert.throws(() => loadConfig({ cwd, env: { QIAO_PORT: 'abc' } }),
      (error: unknown) => error instanceof ConfigError && /QIAO_PORT/.test(error.message));
    assert.throws(() => loadConfig({ cwd, env: {}, file: { api: { auth_enabled: true } } }),
      (error: unknown) => error instanceof ConfigError && /api_key/.test(error.message));
    assert.throws(() => loadConfig({ cwd, env: {}, configPath: 'missing.yaml' }),
      (error: unknown) => error instanceof ConfigError && /missing\.yaml/.test(error.message));
  });

  test('the ai_core settings: core.model, QIAO_SECRET_KEY, and profile defaults below the environment and the file', () => {
    const cwd = directory();
    const config = loadConfig({ cwd, env: { QIAO_SECRET_KEY: 'seal me' }, file: { core: { model: 'mock/mock-echo' } }, defaults: { host: '0.0.0.0', port: 8080 } });
    assert.deepEqual(config.core, { model: 'mock/mock-echo' });
    assert.equal(config.storage.secretKey, 'seal me');
    assert.deepEqual([config.server.host, config.server.port], ['0.0.0.0', 8080]);
    const overridden = loadConfig({ cwd, env: { QIAO_PORT: '9300' }, file: { server: { host: '127.0.0.1' } }, defaults: { host: '0.0.0.0', port: 8080 } });
    assert.deepEqual([overridden.server.host, overridden.server.port], ['127.0.0.1', 9300]);
    assert.throws(() => loadConfig({ cwd, env: {}, file: { core: { modle: 'x' } } }),
      (error: unknown) => error instanceof ConfigError && /core/.test(error.message));
  });

  test('QIAO_API_KEY turns authentication on', () => {
    const config = loadConfig({ cwd: directory(), env: { QIAO_API_KEY: 'gateway-key' } });
    assert.deepEqual(config.api, { authEnabled: true, apiKey: 'gateway-key' });
  });
});
