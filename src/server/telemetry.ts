import type { QiaoConfig } from '../config/index.js';
import {
  GatewayMetrics, qiaoVersion, type ChatService, type Logger, type ModelRegistry, type UsageRecorder,
} from '../gateway/index.js';
import type { RequestTracer } from '../gateway/tracing/index.js';
import { propagateTraceparent } from '../http/index.js';

/** Metrics and traces, as configured in `telemetry`; each absent when off. */
export interface Telemetry {
  metrics?: GatewayMetrics;
  tracer?: RequestTracer;
  /** Exports the spans still queued and stops propagating trace context. */
  close(): Promise<void>;
}

/** Wires metrics and tracing into the gateway's services; with both off it adds nothing to any request. */
export async function startTelemetry(config: QiaoConfig, services: { registry: ModelRegistry; usage: UsageRecorder; chat: ChatService }, logger: Logger): Promise<Telemetry> {
  const { telemetry } = config;
  let metrics: GatewayMetrics | undefined;
  if (telemetry.metrics) {
    metrics = new GatewayMetrics(services.registry);
    services.usage.observe(metrics.observeCall);
    services.chat.streamObserver = metrics;
  }
  if (!telemetry.otlpEndpoint) return { metrics, async close() {} };

  // Loaded only with an OTLP endpoint: the exporter brings undici with it.
  const tracing = await import('../gateway/tracing/index.js');
  const tracer = new tracing.RequestTracer(new tracing.OtlpExporter({
    url: `${telemetry.otlpEndpoint}/v1/traces`,
    headers: telemetry.otlpHeaders,
    resource: { 'service.name': telemetry.serviceName, 'service.version': qiaoVersion, 'telemetry.sdk.name': 'qiao', 'telemetry.sdk.language': 'nodejs' },
    scope: { name: 'qiao', version: qiaoVersion },
    logger,
  }));
  services.usage.observe(tracer.observeCall);
  const stopPropagating = propagateTraceparent(tracer.currentTraceparent);
  return {
    metrics, tracer,
    async close() {
      stopPropagating();
      await tracer.close();
    },
  };
}
