import type { Logger } from './logger.js';

type Level = 'info' | 'warn' | 'error' | 'debug';

/** Lines kept until the target exists; a start-up that logs more than this loses the oldest. */
const maxEarlyLines = 100;

/**
 * A logger for services built before the HTTP server's pino logger exists: it keeps their lines
 * until `attach` gives it that logger, then writes them and forwards everything (with the server's
 * redaction).
 */
export class ForwardingLogger implements Logger {
  private target: Logger | undefined;
  private early: { level: Level; object: object; message?: string }[] = [];

  /** Writes the lines kept so far to `target` and sends every later line there. */
  attach(target: Logger): void {
    this.target = target;
    for (const line of this.early) target[line.level](line.object, line.message);
    this.early = [];
  }

  info(object: object, message?: string): void { this.write('info', object, message); }
  warn(object: object, message?: string): void { this.write('warn', object, message); }
  error(object: object, message?: string): void { this.write('error', object, message); }
  debug(object: object, message?: string): void { this.write('debug', object, message); }

  private write(level: Level, object: object, message?: string): void {
    if (this.target) return this.target[level](object, message);
    if (this.early.length >= maxEarlyLines) this.early.shift();
    this.early.push({ level, object, message });
  }
}
