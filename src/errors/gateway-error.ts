/** Details every Qiao error carries; dialects render them in their own error shape. */
export interface GatewayErrorOptions {
  /** The request field at fault, in the client's wire name. */
  param?: string;
  /** Seconds the client should wait before retrying. */
  retryAfterSeconds?: number;
  /** The underlying failure, kept for logs (never rendered to clients). */
  cause?: unknown;
  /** Provider instance name, when the error came from an upstream. */
  provider?: string;
  /** HTTP status the upstream answered with, when it answered. */
  upstreamStatus?: number;
  /** The upstream's own error code, when it sent one. */
  upstreamCode?: string;
}

/**
 * Base of every error Qiao reports. `code` is stable and listed in docs/errors.md;
 * `status` is the HTTP status a dialect answers with.
 */
export abstract class GatewayError extends Error {
  abstract readonly code: string;
  abstract readonly status: number;
  /** Whether trying the same call again (or another deployment) may succeed. */
  readonly retryable: boolean = false;
  readonly param?: string;
  readonly retryAfterSeconds?: number;
  /** Provider instance name, when the error came from an upstream (logs and usage only). */
  readonly provider?: string;
  /** HTTP status the upstream answered with, when it answered. */
  readonly upstreamStatus?: number;
  /** The upstream's own error code, when it sent one (e.g. Zhipu's "1211"). */
  readonly upstreamCode?: string;

  constructor(message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.param = options.param;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.provider = options.provider;
    this.upstreamStatus = options.upstreamStatus;
    this.upstreamCode = options.upstreamCode;
  }
}
