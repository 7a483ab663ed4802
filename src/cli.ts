#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from './config/index.js';
import { GatewayError } from './errors/index.js';
import { buildApp } from './server/build-app.js';
import { createGateway } from './server/create-gateway.js';
import { gracefulShutdown } from './server/graceful-shutdown.js';
import { listen } from './server/listen.js';
import { qiaoVersion } from './gateway/qiao-version.js';
import { ForwardingLogger } from './gateway/forwarding-logger.js';
import { keysCommand } from './cli/keys-command.js';
import { releaseYoungGeneration } from './cli/young-generation.js';

function port(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError('expected a port number 0–65535.');
  return number;
}

/** Heartbeat deadline in seconds; 0 turns it off. Capped where Node's timers stop being exact. */
function seconds(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 2_147_483) {
    throw new InvalidArgumentError('expected a number of seconds, 0–2147483 (0: no deadline).');
  }
  return number;
}

interface ServeOptions {
  host?: string;
  port?: number;
  config?: string;
  timeout?: number;
}

/** What distinguishes `qiao serve` from `qiao core` (seed 000's sidecar, ai_core_service.exe). */
interface Profile {
  defaults: { host?: string; port?: number };
  /** Heartbeat deadline when `--timeout` is not given. */
  defaultTimeoutSeconds?: number;
}

const serveProfile: Profile = { defaults: {} };
const coreProfile: Profile = { defaults: { host: '0.0.0.0', port: 8080 }, defaultTimeoutSeconds: 500 };

async function start(options: ServeOptions, profile: Profile): Promise<void> {
  const config = loadConfig({ configPath: options.config, host: options.host, port: options.port, defaults: profile.defaults });
  // Services log through the server's pino logger (secrets redacted) once it exists.
  const logger = new ForwardingLogger();
  const gateway = await createGateway(config, logger);
  const app = await buildApp(gateway);
  logger.attach(app.log);
  let stopping = false;
  // Stops accepting, lets in-flight requests (open streams too) finish within the grace period, flushes the usage log.
  const stop = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    gateway.heartbeat.stop();
    app.log.info({ reason }, 'shutting down');
    await gracefulShutdown(app, gateway);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await listen(app, gateway);
  releaseYoungGeneration();
  const timeout = options.timeout ?? profile.defaultTimeoutSeconds;
  const lines = [...gateway.notices];
  if (timeout) {
    lines.push(`Heartbeat: exits after ${timeout} s without GET /heartbeat.`);
    gateway.heartbeat.watch(timeout, () => {
      console.log(`No heartbeat for ${timeout} s: shutting down`);
      void stop('heartbeat timeout');
    });
  }
  if (lines.length) console.log(lines.join('\n'));
}

const timeoutHelp = 'exit when no GET /heartbeat arrives for this many seconds (0: never)';
const program = new Command('qiao').description('Qiao (桥): a self-hosted AI gateway').version(qiaoVersion);
program.command('serve', { isDefault: true })
  .description('start the gateway')
  .argument('[profile]', '"core" starts the ai_core sidecar profile, as `qiao core` does')
  .option('--host <host>', 'address to listen on (default 127.0.0.1)')
  .option('--port <port>', 'port to listen on (default 8000)', port)
  .option('--config <file>', 'config file (YAML or JSON); default ./qiao.yaml if present')
  .option('--timeout <seconds>', `${timeoutHelp} (default: no deadline)`, seconds)
  .action((profile: string | undefined, options: ServeOptions, command: Command) => {
    if (profile !== undefined && profile !== 'core') command.error(`error: unknown profile "${profile}"; the only one is "core".`);
    return start(options, profile === 'core' ? coreProfile : serveProfile);
  });
program.command('core')
  .description('start the ai_core sidecar (seed 000): /heartbeat, /config, /chat, /chat/stream next to every other API')
  .option('--host <host>', 'address to listen on (default 0.0.0.0)')
  .option('--port <port>', 'port to listen on (default 8080)', port)
  .option('--config <file>', 'config file (YAML or JSON); default ./qiao.yaml if present')
  .option('--timeout <seconds>', `${timeoutHelp} (default 500)`, seconds)
  .action((options: ServeOptions) => start(options, coreProfile));

program.addCommand(keysCommand());

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else if (error instanceof GatewayError && error.status < 500) {
    console.error(`error: ${error.message}`);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  }
  process.exit(1);
});
