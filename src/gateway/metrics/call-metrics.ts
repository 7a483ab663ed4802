import { Counter, type Registry } from 'prom-client';
import type { RequestLogEntry } from '../../storage/index.js';
import { ScrapedHistogram, type HistogramCounts } from './scraped-histogram.js';

/** Request durations of LLM calls: from a fast embedding to a long reasoning stream. */
const durationBuckets = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120, 300];
/** Time to first token: interactive chat lives below a second, slow reasoning models above. */
const ttftBuckets = [0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 20];

/** Distinct (endpoint, model, provider) series kept before new model names are reported as `other`. */
const maxSeries = 2000;

/** Everything counted for one (endpoint, model, provider): plain numbers, handed to prom-client at scrape time. */
interface Series {
  labels: { endpoint: string; model: string; provider: string };
  requestsByStatus: Map<number, number>;
  duration: HistogramCounts;
  ttft: HistogramCounts;
  tokens: { input: number; output: number; reasoning: number; cached: number };
  costUsd: number;
}

/**
 * Per-call metrics fed from the usage log: requests, latency, time to first token, tokens and cost.
 * A call costs three map lookups and some additions; label sets are built once per series and
 * rendered by prom-client when scraped.
 */
export class CallMetrics {
  /** endpoint → model → provider → series. */
  private readonly index = new Map<string, Map<string, Map<string, Series>>>();
  private readonly all: Series[] = [];
  private readonly duration: ScrapedHistogram;
  private readonly ttft: ScrapedHistogram;

  constructor(registry: Registry) {
    const registers = [registry];
    const all = this.all;
    new Counter({
      name: 'qiao_requests_total', help: 'Model calls by endpoint, requested model (alias), provider and HTTP status (499: the client went away).',
      labelNames: ['endpoint', 'model', 'provider', 'status'], registers,
      collect() {
        this.reset();
        for (const series of all) for (const [status, count] of series.requestsByStatus) this.inc({ ...series.labels, status: String(status) }, count);
      },
    });
    new Counter({
      name: 'qiao_tokens_total', help: 'Tokens by model, provider and type (input, output, reasoning, cached).',
      labelNames: ['model', 'provider', 'type'], registers,
      collect() {
        this.reset();
        for (const { labels: { model, provider }, tokens } of all) {
          for (const [type, count] of Object.entries(tokens)) if (count > 0) this.inc({ model, provider, type }, count);
        }
      },
    });
    new Counter({
      name: 'qiao_cost_usd_total', help: 'Cost in US dollars from the price table, by model and provider.',
      labelNames: ['model', 'provider'], registers,
      collect() {
        this.reset();
        for (const { labels: { model, provider }, costUsd } of all) if (costUsd > 0) this.inc({ model, provider }, costUsd);
      },
    });
    this.duration = new ScrapedHistogram('qiao_request_duration_seconds', 'Model call duration, to the end of the answer (streams included).', durationBuckets, registry);
    this.ttft = new ScrapedHistogram('qiao_time_to_first_token_seconds', 'Time from the request to the first streamed token.', ttftBuckets, registry);
  }

  /** Counts one finished call (a usage log entry). */
  observe(entry: RequestLogEntry): void {
    const series = this.seriesOf(entry.endpoint, entry.requestedModel, entry.provider ?? 'none');
    series.requestsByStatus.set(entry.httpStatus, (series.requestsByStatus.get(entry.httpStatus) ?? 0) + 1);
    series.duration.observe(entry.latencyMs / 1000);
    if (entry.ttftMs !== undefined) series.ttft.observe(entry.ttftMs / 1000);
    const tokens = series.tokens;
    if (entry.inputTokens) tokens.input += entry.inputTokens;
    if (entry.outputTokens) tokens.output += entry.outputTokens;
    if (entry.reasoningTokens) tokens.reasoning += entry.reasoningTokens;
    if (entry.cachedTokens) tokens.cached += entry.cachedTokens;
    if (entry.costUsd) series.costUsd += entry.costUsd;
  }

  private seriesOf(endpoint: string, model: string, provider: string): Series {
    let byModel = this.index.get(endpoint);
    if (!byModel) this.index.set(endpoint, byModel = new Map());
    let byProvider = byModel.get(model);
    if (!byProvider) {
      // Model names come from clients: past the cap, new ones share one series instead of growing without bound.
      if (this.all.length >= maxSeries && model !== 'other') return this.seriesOf(endpoint, 'other', provider);
      byModel.set(model, byProvider = new Map());
    }
    let series = byProvider.get(provider);
    if (!series) {
      const labels = { endpoint, model, provider };
      series = {
        labels, requestsByStatus: new Map(), duration: this.duration.child(labels), ttft: this.ttft.child(labels),
        tokens: { input: 0, output: 0, reasoning: 0, cached: 0 }, costUsd: 0,
      };
      byProvider.set(provider, series);
      this.all.push(series);
    }
    return series;
  }
}
