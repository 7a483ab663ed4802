import { Counter, Histogram, type Registry } from 'prom-client';
import type { RequestLogEntry } from '../../storage/index.js';

type CounterChild = ReturnType<Counter['labels']>;
type HistogramChild = ReturnType<Histogram['labels']>;

/** Request durations of LLM calls: from a fast embedding to a long reasoning stream. */
const durationBuckets = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300];
/** Time to first token: interactive chat lives below a second, slow reasoning models above. */
const ttftBuckets = [0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20];

/** Distinct (endpoint, model, provider) series kept before new model names are reported as `other`. */
const maxSeries = 2000;

/** The label children of one (endpoint, model, provider), bound once and reused by every call. */
interface Series {
  byStatus: Map<number, CounterChild>;
  labels: [endpoint: string, model: string, provider: string];
  duration: HistogramChild;
  ttft: HistogramChild;
  input: CounterChild;
  output: CounterChild;
  reasoning: CounterChild;
  cached: CounterChild;
  cost: CounterChild;
}

/**
 * Per-call metrics fed from the usage log: requests, latency, time to first token, tokens and cost.
 * Each call costs a few map lookups and pre-bound child updates; label tuples are bound on first use.
 */
export class CallMetrics {
  private readonly requests: Counter;
  private readonly duration: Histogram;
  private readonly ttft: Histogram;
  private readonly tokens: Counter;
  private readonly cost: Counter;
  /** endpoint → model → provider → series. */
  private readonly series = new Map<string, Map<string, Map<string, Series>>>();
  private seriesCount = 0;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({ name: 'qiao_requests_total', help: 'Model calls by endpoint, requested model (alias), provider and HTTP status (499: client went away).', labelNames: ['endpoint', 'model', 'provider', 'status'], registers });
    this.duration = new Histogram({ name: 'qiao_request_duration_seconds', help: 'Model call duration, to the end of the answer (streams included).', labelNames: ['endpoint', 'model', 'provider'], buckets: durationBuckets, registers });
    this.ttft = new Histogram({ name: 'qiao_time_to_first_token_seconds', help: 'Time from request to the first streamed token.', labelNames: ['model', 'provider'], buckets: ttftBuckets, registers });
    this.tokens = new Counter({ name: 'qiao_tokens_total', help: 'Tokens by model, provider and type (input, output, reasoning, cached).', labelNames: ['model', 'provider', 'type'], registers });
    this.cost = new Counter({ name: 'qiao_cost_usd_total', help: 'Cost in US dollars from the price table, by model and provider.', labelNames: ['model', 'provider'], registers });
  }

  /** Counts one finished call (a usage log entry). */
  observe(entry: RequestLogEntry): void {
    const series = this.seriesOf(entry.endpoint, entry.requestedModel, entry.provider ?? 'none');
    let requests = series.byStatus.get(entry.httpStatus);
    if (!requests) series.byStatus.set(entry.httpStatus, requests = this.requests.labels(...series.labels, String(entry.httpStatus)));
    requests.inc();
    series.duration.observe(entry.latencyMs / 1000);
    if (entry.ttftMs !== undefined) series.ttft.observe(entry.ttftMs / 1000);
    if (entry.inputTokens) series.input.inc(entry.inputTokens);
    if (entry.outputTokens) series.output.inc(entry.outputTokens);
    if (entry.reasoningTokens) series.reasoning.inc(entry.reasoningTokens);
    if (entry.cachedTokens) series.cached.inc(entry.cachedTokens);
    if (entry.costUsd) series.cost.inc(entry.costUsd);
  }

  private seriesOf(endpoint: string, model: string, provider: string): Series {
    let byModel = this.series.get(endpoint);
    if (!byModel) this.series.set(endpoint, byModel = new Map());
    let byProvider = byModel.get(model);
    if (!byProvider) {
      // Model names come from clients: past the cap, new ones share one series instead of growing without bound.
      if (this.seriesCount >= maxSeries && model !== 'other') return this.seriesOf(endpoint, 'other', provider);
      byModel.set(model, byProvider = new Map());
    }
    let series = byProvider.get(provider);
    if (!series) {
      byProvider.set(provider, series = this.bind(endpoint, model, provider));
      this.seriesCount++;
    }
    return series;
  }

  private bind(endpoint: string, model: string, provider: string): Series {
    return {
      byStatus: new Map(),
      labels: [endpoint, model, provider],
      duration: this.duration.labels(endpoint, model, provider),
      ttft: this.ttft.labels(model, provider),
      input: this.tokens.labels(model, provider, 'input'),
      output: this.tokens.labels(model, provider, 'output'),
      reasoning: this.tokens.labels(model, provider, 'reasoning'),
      cached: this.tokens.labels(model, provider, 'cached'),
      cost: this.cost.labels(model, provider),
    };
  }
}
