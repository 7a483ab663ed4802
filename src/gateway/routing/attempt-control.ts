import { ClientClosedError, GatewayError } from '../../errors/index.js';
import type { ClientLink } from './client-link.js';

/**
 * The abort signal of one try of one deployment: fires when the client goes away, or when Qiao
 * gives up on the try (a timeout, shutdown) with the error to report as its reason.
 */
export class AttemptControl {
  private readonly controller = new AbortController();
  private readonly unwatch: (() => void) | undefined;

  constructor(client: ClientLink) {
    const onClientGone = () => this.abort(new ClientClosedError('The client closed the connection; the upstream call was aborted.'));
    if (client.gone) onClientGone();
    else this.unwatch = client.watch(onClientGone);
  }

  /** What the provider call listens to. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Ends the try; the provider sees `reason` (undici rejects with it). */
  abort(reason: GatewayError): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  /** The error to report for a failure: when Qiao aborted the try, why it did. */
  explain(error: GatewayError): GatewayError {
    const reason: unknown = this.controller.signal.reason;
    return this.controller.signal.aborted && error.code === 'client_closed' && reason instanceof GatewayError ? reason : error;
  }

  /** Stops listening to the client; call once the try is over. */
  release(): void {
    this.unwatch?.();
  }
}
