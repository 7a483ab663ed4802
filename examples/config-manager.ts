/**
 * ConfigManager (seed 002, "配置管理"): load Qiao's config file, read and set dotted keys, save
 * (YAML keeps its comments; .json files are written as JSON), and validate it as the server would.
 * Works on a copy in a temporary directory. Run: npx tsx examples/config-manager.ts
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigManager } from 'qiao';

const directory = mkdtempSync(join(tmpdir(), 'qiao-config-example-'));
try {
  writeFileSync(join(directory, 'qiao.yaml'), '# my gateway\nserver:\n  port: 8000 # the API port\nproviders:\n  ollama:\n    baseUrl: http://127.0.0.1:11434\n');
  const config = ConfigManager.loadConfig({ path: join(directory, 'qiao.yaml') });

  console.log(`server.port = ${config.get('server.port', 8000)}`);
  console.log(`server.host = ${config.get('server.host', '127.0.0.1')} (default)`);
  config.set('providers.ollama.models', ['deepseek-r1:8b']);
  config.set('vectorStore.exactSearchMaxDocuments', 20000);
  config.save();
  console.log(`saved ${config.path}:\n${readFileSync(config.path, 'utf8')}`);

  const resolved = config.toQiaoConfig({});
  console.log(`validated: port ${resolved.server.port}, providers ${resolved.providers.map((provider) => provider.name).join(', ')}`);

  config.set('server.port', 'not a number');
  try {
    config.toQiaoConfig({});
  } catch (error) {
    console.log(`invalid config rejected: ${(error as Error).message.split('\n').join(' ')}`);
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
