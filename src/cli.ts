#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from './config/index.js';
import { buildApp } from './server/build-app.js';
import { createGateway } from './server/create-gateway.js';
import { listen } from './server/listen.js';
import { qiaoVersion } from './server/version.js';

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError('expected a port number 0–65535.');
  return number;
}

interface ServeOptions {
  host?: string;
  port?: number;
  config?: string;
}

async function serve(options: ServeOptions): Promise<void> {
  const config = loadConfig({ configPath: options.config, host: options.host, port: options.port });
  const gateway = await createGateway(config);
  const app = await buildApp(gateway);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await gateway.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await listen(app, gateway);
}

const program = new Command('qiao').description('Qiao (桥): a self-hosted AI gateway').version(qiaoVersion);
program.command('serve', { isDefault: true })
  .description('start the gateway')
  .option('--host <host>', 'address to listen on (default 127.0.0.1)')
  .option('--port <port>', 'port to listen on (default 8000)', port)
  .option('--config <file>', 'config file (YAML or JSON); default ./qiao.yaml if present')
  .action(serve);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  }
  process.exit(1);
});
