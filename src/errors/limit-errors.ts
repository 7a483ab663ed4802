import { RateLimitError } from './client-errors.js';
import { GatewayError } from './gateway-error.js';

/** Which of a key's limits refused a call; sent in the `x-qiao-limit` header. */
export type LimitName = 'rpm' | 'tpm' | 'budget';

const codeByLimit: Record<LimitName, string> = { rpm: 'rate_limit_exceeded', tpm: 'token_rate_limit_exceeded', budget: 'budget_exceeded' };

/** A virtual key's RPM, TPM or budget refused the call; `retryAfterSeconds` says when to come back. */
export class LimitExceededError extends RateLimitError {
  override readonly code: string;

  constructor(readonly limit: LimitName, message: string, retryAfterSeconds?: number) {
    super(message, { retryAfterSeconds });
    this.code = codeByLimit[limit];
  }
}

/** The key is valid but may not call this model. */
export class ModelNotAllowedError extends GatewayError {
  readonly code = 'model_not_allowed';
  readonly status = 403;
}

/** The shared store of limits and budgets (Redis) could not be reached; the call is refused rather than left unaccounted. */
export class LimitsUnavailableError extends GatewayError {
  readonly code = 'limits_unavailable';
  readonly status = 503;
  override readonly retryable = true;
}
