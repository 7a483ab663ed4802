import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

/** A pino logger: `logger.info({ userId: 123 }, 'user action')` puts the extras in the JSON line. */
export type QiaoLogger = PinoLogger;

/** Options of createLogger. */
export interface CreateLoggerOptions {
  /** `debug`, `info`, `warn`/`warning`, `error`, `fatal`/`critical`, `silent`; any case. Default `info`. */
  logLevel?: string;
  /** Where lines go (default stdout). */
  destination?: DestinationStream;
}

const levels: Record<string, string> = {
  trace: 'trace', debug: 'debug', info: 'info', warn: 'warn', warning: 'warn', error: 'error', fatal: 'fatal', critical: 'fatal', silent: 'silent',
};

/**
 * A named structured logger (the seed's `setup_logger(name, log_level=…)`), with the server's
 * redaction of credentials (`apiKey`, `api_key`, `authorization`) at any depth of one level.
 */
export function createLogger(name: string, options: CreateLoggerOptions = {}): QiaoLogger {
  const requested = (options.logLevel ?? 'info').toLowerCase();
  const level = levels[requested];
  if (!level) throw new RangeError(`Unknown log level "${options.logLevel}" (use one of: ${Object.keys(levels).join(', ')}).`);
  const settings = { name, level, redact: ['apiKey', 'api_key', 'authorization', '*.apiKey', '*.api_key', '*.authorization'] };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}
