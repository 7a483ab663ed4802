import type { RoutingConfig } from '../../config/index.js';
import type { GatewayError } from '../../errors/index.js';
import { Circuit, countsAgainstDeployment } from './circuit.js';

/** Weight of the newest sample in the moving averages. */
const smoothing = 0.2;

/** What Qiao knows of one deployment's recent behaviour; shared by every alias that uses it. */
export class DeploymentHealth {
  /** Calls running now (a stream counts until it ends). */
  inFlight = 0;
  /** Moving average of the time to an accepted answer (streams: to the first part), ms; undefined before the first. */
  latencyMs: number | undefined;
  /** Moving average of failures (0 … 1) over recent calls. */
  errorRate = 0;
  /** The last failure that counted against the deployment. */
  lastError: { message: string; code: string; at: Date } | undefined;
  readonly circuit: Circuit;

  constructor(breaker: RoutingConfig['breaker']) {
    this.circuit = new Circuit(breaker);
  }

  /** Notes an accepted call and how long it took to be accepted. */
  succeeded(ms: number): void {
    this.latencyMs = this.latencyMs === undefined ? ms : this.latencyMs + smoothing * (ms - this.latencyMs);
    this.errorRate -= smoothing * this.errorRate;
  }

  /** Notes a failure; ones that are the caller's fault or the client's leaving do not count. */
  failed(error: GatewayError): void {
    if (!countsAgainstDeployment(error)) return;
    this.errorRate += smoothing * (1 - this.errorRate);
    this.lastError = { message: error.message, code: error.code, at: new Date() };
  }
}
