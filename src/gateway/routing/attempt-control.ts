import { ClientClosedError, GatewayError } from '../../errors/index.js';
import { AttemptSignal } from './attempt-signal.js';
import type { ClientLink } from './client-link.js';

/**
 * The abort signal of one try of one deployment: fires when the client goes away, or when Qiao
 * gives up on the try (a timeout, shutdown) with the error to report as its reason.
 */
export class AttemptControl {
  private readonly attemptSignal = new AttemptSignal();
  private readonly unwatch: (() => void) | undefined;

  constructor(client: ClientLink) {
    const onClientGone = () => this.abort(new ClientClosedError('The client closed the connection; the upstream call was aborted.'));
    if (client.gone) onClientGone();
    else this.unwatch = client.watch(onClientGone);
  }

  /** What the provider call listens to. */
  get signal(): AbortSignal {
    return this.attemptSignal;
  }

  /** Ends the try; the provider sees `reason` (undici rejects with it). */
  abort(reason: GatewayError): void {
    this.attemptSignal.abort(reason);
  }

  /** The error to report for a failure: when Qiao aborted the try, why it did. */
  explain(error: GatewayError): GatewayError {
    const reason = this.attemptSignal.reason;
    return this.attemptSignal.aborted && error.code === 'client_closed' && reason instanceof GatewayError ? reason : error;
  }

  /** Stops listening to the client; call once the try is over. */
  release(): void {
    this.unwatch?.();
  }
}
