import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/index.js';
import { buildApp, type AppOptions } from '../../src/server/build-app.js';
import type { Gateway } from '../../src/gateway/index.js';
import { createGateway, type GatewayOptions } from '../../src/server/create-gateway.js';

/** A real Qiao listening on 127.0.0.1 (random port), for end-to-end tests. */
export interface RunningGateway {
  /** e.g. http://127.0.0.1:43125 */
  url: string;
  app: FastifyInstance;
  gateway: Gateway;
  /** Closes the server, flushes usage and removes the temporary data directory (not one given in StartOptions). */
  close(): Promise<void>;
}

/** Where a test gateway keeps its data. */
export interface StartOptions {
  /** Data directory (SQLite file, secret.key) to use and keep, e.g. to start again on the same data; else a temporary one, removed on close. */
  directory?: string;
  /** HTTP-layer options (log level and stream, route observer); logging is off unless given. */
  app?: AppOptions;
  /** What the gateway's services may have replaced (e.g. the router's backoff wait). */
  gateway?: GatewayOptions;
}

/**
 * Starts Qiao from a config object (as it would be read from qiao.yaml) with an isolated
 * environment (no real keys leak in) and a temporary SQLite file.
 */
export async function startGateway(file: Record<string, unknown> = {}, env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningGateway> {
  const directory = options.directory ?? mkdtempSync(join(tmpdir(), 'qiao-test-'));
  const config = loadConfig({
    cwd: directory,
    env: { QIAO_SQLITE_PATH: join(directory, 'qiao.db'), ...env },
    file: { models: { discoveryIntervalSeconds: 0 }, ...file },
    host: '127.0.0.1',
    port: 0,
  });
  const gateway = await createGateway(config, undefined, options.gateway);
  const app = await buildApp(gateway, { logLevel: false, ...options.app });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url, app, gateway,
    async close() {
      await app.close();
      await gateway.close();
      if (!options.directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}
