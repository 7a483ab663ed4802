import { GatewayError } from './gateway-error.js';
import { NotFoundError } from './client-errors.js';

/** No thread of this id belongs to the caller (a thread of another owner is reported the same way). */
export class ThreadNotFoundError extends NotFoundError {
  override readonly code = 'thread_not_found';
}

/** Another turn on the thread is still running and did not finish within the wait allowed. */
export class ThreadBusyError extends GatewayError {
  readonly code = 'thread_busy';
  readonly status = 409;
  override readonly retryable = true;
}
