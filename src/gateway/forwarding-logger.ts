import type { Logger } from './logger.js';

/**
 * A logger for services built before the HTTP server's pino logger exists: it drops lines until
 * `attach` gives it that logger, then forwards everything (with the server's redaction).
 */
export class ForwardingLogger implements Logger {
  private target: Logger | undefined;

  /** Sends every later line to `target`. */
  attach(target: Logger): void {
    this.target = target;
  }

  info(object: object, message?: string): void { this.target?.info(object, message); }
  warn(object: object, message?: string): void { this.target?.warn(object, message); }
  error(object: object, message?: string): void { this.target?.error(object, message); }
  debug(object: object, message?: string): void { this.target?.debug(object, message); }
}
