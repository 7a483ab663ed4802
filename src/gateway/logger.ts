/** The logging surface the gateway needs; pino's loggers satisfy it. */
export interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
  debug(object: object, message?: string): void;
}

/** A logger that drops everything, for library use and tests. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {}, debug() {} };
