/**
 * The inbound client as the router follows it: whether it has gone, and a way to hear when it goes.
 * Dialects provide one that makes no AbortSignal (each costs microseconds to create); the router
 * makes one signal per try, linked to this.
 */
export interface ClientLink {
  /** True once the client has gone away. */
  readonly gone: boolean;
  /** Runs `listener` once when the client goes away; returns a function that stops listening. */
  watch(listener: () => void): () => void;
}

/** A ClientLink over an AbortSignal (a class: a getter in an object literal costs a hidden class per object). */
class SignalClientLink implements ClientLink {
  constructor(private readonly signal: AbortSignal) {}

  get gone(): boolean {
    return this.signal.aborted;
  }

  watch(listener: () => void): () => void {
    this.signal.addEventListener('abort', listener, { once: true });
    return () => this.signal.removeEventListener('abort', listener);
  }
}

/** A ClientLink over an AbortSignal, for callers that have only the signal. */
export function clientLinkOf(signal: AbortSignal): ClientLink {
  return new SignalClientLink(signal);
}
