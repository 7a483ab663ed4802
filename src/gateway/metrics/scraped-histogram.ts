import type { Metric, Registry } from 'prom-client';

/** The counts of one histogram series, updated with plain arithmetic on the request path. */
export class HistogramCounts {
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  readonly perBucket: Float64Array;
  sum = 0;
  count = 0;

  constructor(private readonly bounds: readonly number[]) {
    this.perBucket = new Float64Array(bounds.length + 1);
  }

  observe(value: number): void {
    let index = 0;
    while (index < this.bounds.length && value > this.bounds[index]!) index++;
    this.perBucket[index]!++;
    this.sum += value;
    this.count++;
  }
}

/**
 * A histogram that prom-client renders at scrape time from counts kept outside it. prom-client's
 * own labelled `observe` hashes the label set on every call (about a microsecond); these series are
 * bound once and observed with a few comparisons.
 */
export class ScrapedHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series: { labels: Record<string, string>; counts: HistogramCounts }[] = [];

  constructor(readonly name: string, readonly help: string, private readonly bounds: readonly number[], registry: Registry) {
    // The registry renders any object with name, type and get(); its typings list only its own classes.
    registry.registerMetric(this as unknown as Metric);
  }

  /** A new series with these labels. */
  child(labels: Record<string, string>): HistogramCounts {
    const counts = new HistogramCounts(this.bounds);
    this.series.push({ labels, counts });
    return counts;
  }

  /** What the registry renders: cumulative buckets, sum and count of every series observed so far. */
  get() {
    const values: { metricName: string; labels: Record<string, string | number>; value: number }[] = [];
    for (const { labels, counts } of this.series) {
      if (counts.count === 0) continue;
      let cumulative = 0;
      this.bounds.forEach((bound, index) => {
        cumulative += counts.perBucket[index]!;
        values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: bound }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: counts.count });
      values.push({ metricName: `${this.name}_sum`, labels, value: counts.sum });
      values.push({ metricName: `${this.name}_count`, labels, value: counts.count });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** Forgets every observation (prom-client's `resetMetrics`). */
  reset(): void {
    for (const { counts } of this.series) {
      counts.perBucket.fill(0);
      counts.sum = 0;
      counts.count = 0;
    }
  }
}
