import { Counter, Gauge, Registry } from 'prom-client';
import type { GatewayError } from '../../errors/index.js';
import type { RequestLogEntry } from '../../storage/index.js';
import type { ModelRegistry } from '../model-registry.js';
import { CallMetrics } from './call-metrics.js';
import type { DeploymentHealthSource } from './deployment-health.js';
import { registerHealthGauges } from './health-gauges.js';
import { processMetrics } from './process-metrics.js';

/** What ChatService tells about streams it relays (in flight, and failures reported in-band). */
export interface StreamObserver {
  /** A stream began to be relayed. */
  streamOpened(): void;
  /** It ended; `error` when it ended with an in-band error (an error that never reached an error handler). */
  streamClosed(endpoint: string, error: GatewayError | undefined): void;
}

/**
 * Everything `GET /metrics` reports, in a registry of its own (several gateways can share a process),
 * merged with the process-wide default metrics at scrape time.
 */
export class GatewayMetrics implements StreamObserver {
  private readonly registry = new Registry();
  private readonly exposed: Registry;
  private readonly calls: CallMetrics;
  private readonly errors: Counter;
  private streamsInFlight = 0;
  private deployments: DeploymentHealthSource | undefined;

  constructor(models: ModelRegistry) {
    this.calls = new CallMetrics(this.registry);
    this.errors = new Counter({ name: 'qiao_errors_total', help: 'Error responses by endpoint (route) and Qiao error code, in-band stream errors included.', labelNames: ['endpoint', 'code'], registers: [this.registry] });
    const streams = () => this.streamsInFlight;
    new Gauge({ name: 'qiao_streams_in_flight', help: 'Streamed answers being relayed right now.', registers: [this.registry], collect() { this.set(streams()); } });
    registerHealthGauges(this.registry, models, () => this.deployments);
    this.exposed = Registry.merge([processMetrics(), this.registry]);
  }

  /** The usage observer: counts one finished call. */
  readonly observeCall = (entry: RequestLogEntry): void => this.calls.observe(entry);

  /** Counts an error response. `endpoint` is the route pattern (`unknown` when none matched). */
  countError(endpoint: string, code: string): void {
    this.errors.labels(endpoint, code).inc();
  }

  streamOpened(): void {
    this.streamsInFlight++;
  }

  streamClosed(endpoint: string, error: GatewayError | undefined): void {
    this.streamsInFlight--;
    if (error) this.countError(endpoint, error.code);
  }

  /** Reports per-deployment circuit state and calls in flight from `source` (the router), read at each scrape. */
  watchDeployments(source: DeploymentHealthSource): void {
    this.deployments = source;
  }

  /** The Prometheus text exposition. */
  render(): Promise<string> {
    return this.exposed.metrics();
  }

  /** Content type of `render()`'s output. */
  get contentType(): string {
    return this.exposed.contentType;
  }
}
