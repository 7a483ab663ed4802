import type { FastifyInstance } from 'fastify';
import { ShuttingDownError } from '../errors/index.js';
import type { Gateway } from '../gateway/index.js';

/** How long after the grace period connections that are still open get cut. */
const backstopMs = 2_000;

/**
 * Stops accepting, lets in-flight requests (open streams too) finish within
 * `server.shutdownGraceSeconds`, then ends the calls still running with an in-band
 * `shutting_down` error; closes connections as they go idle; flushes the usage log.
 */
export async function gracefulShutdown(app: FastifyInstance, gateway: Gateway): Promise<void> {
  const graceSeconds = gateway.config.server.shutdownGraceSeconds;
  // Fastify closes the idle keep-alive connections once; those whose response finishes later are closed here.
  const closeIdle = setInterval(() => app.server.closeIdleConnections(), 100);
  let backstop: NodeJS.Timeout | undefined;
  const grace = setTimeout(() => {
    app.log.warn({ graceSeconds }, 'grace period over: ending the calls still running');
    gateway.router.abortAll(new ShuttingDownError(`Qiao is shutting down and this call did not finish within the ${graceSeconds} s grace period.`));
    backstop = setTimeout(() => app.server.closeAllConnections(), backstopMs);
  }, graceSeconds * 1000);
  try {
    await app.close();
  } finally {
    clearTimeout(grace);
    clearTimeout(backstop);
    clearInterval(closeIdle);
  }
  await gateway.close();
}
