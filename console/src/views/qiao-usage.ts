import { api, ApiError, query } from '../api.js';
import { field, h, replaceChildren } from '../dom.js';
import { formatNumber, formatTime, formatUsd, t } from '../i18n.js';
import { barChart, type Bar } from '../parts/bar-chart.js';
import { badge, errorNote, section, table } from '../parts/table.js';
import { isAdmin } from '../session.js';
import { BaseView } from './base-view.js';
import type { KeyInfo } from './key-form.js';
import { entryModel, logDetail, type LogEntry } from './log-detail.js';

interface UsageRow {
  key_id?: string | null;
  model?: string | null;
  day?: string;
  requests: number;
  errors: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
}

type Metric = 'requests' | 'tokens' | 'cost';

const metricValue = (row: UsageRow, metric: Metric) => (metric === 'requests' ? row.requests : metric === 'tokens' ? row.input_tokens + row.output_tokens : row.cost_usd);
const statusKind: Record<string, string> = { ok: 'good', error: 'bad', cancelled: 'warn' };
const pageSize = 50;

/** The days from `from` to today (UTC), so days without calls show as empty bars. */
function daysSince(from: Date): string[] {
  const days: string[] = [];
  for (const day = new Date(from); day <= new Date(); day.setUTCDate(day.getUTCDate() + 1)) days.push(day.toISOString().slice(0, 10));
  return days;
}

/** Requests, tokens and cost over time, by key and by model, and the recent calls with their details. An admin sees every key; a virtual key its own. */
export class QiaoUsage extends BaseView {
  private filters = { days: '7', key_id: '', model: '', status: '', metric: 'requests' as Metric };
  private keyNames = new Map<string, string>();
  private logs: LogEntry[] = [];
  private readonly charts = h('div', { class: 'charts', 'data-testid': 'usage-charts' });
  private readonly logSection = h('div', { 'data-testid': 'usage-logs' });
  private readonly dialog = h('dialog', { class: 'card wide', 'aria-labelledby': 'log-dialog-title' });

  private get base(): string {
    return isAdmin(this.me) ? '/admin' : '/v1/me';
  }

  protected render(): void {
    replaceChildren(this, h('div', { class: 'page-head' }, h('h1', {}, isAdmin(this.me) ? t('nav.usage') : t('usage.mine')),
      h('button', { type: 'button', class: 'ghost', onclick: () => void this.refresh() }, t('common.refresh'))),
    this.filterForm(), this.charts, this.logSection, this.dialog);
    void this.loadKeyNames().finally(() => this.refresh());
  }

  private filterForm(): HTMLFormElement {
    const change = (name: keyof typeof this.filters) => (event: Event) => {
      (this.filters as Record<string, string>)[name] = (event.target as HTMLInputElement).value;
      void this.refresh();
    };
    const select = (name: keyof typeof this.filters, options: [string, string][]) => h('select', { name, onchange: change(name) },
      options.map(([value, label]) => h('option', { value, selected: this.filters[name] === value }, label)));
    return h('form', { class: 'card filters', 'aria-label': t('usage.filters'), onsubmit: (event: Event) => event.preventDefault() },
      field(t('usage.range'), select('days', [['1', t('usage.lastDay')], ['7', t('usage.lastDays', { days: 7 })], ['30', t('usage.lastDays', { days: 30 })], ['90', t('usage.lastDays', { days: 90 })]])),
      isAdmin(this.me) ? field(t('usage.key'), h('select', { name: 'key_id', onchange: change('key_id'), 'data-testid': 'filter-key' },
        h('option', { value: '' }, t('usage.allKeys')), [...this.keyNames].map(([id, name]) => h('option', { value: id, selected: this.filters.key_id === id }, name)))) : null,
      field(t('usage.model'), h('input', { type: 'text', name: 'model', value: this.filters.model, onchange: change('model'), 'data-testid': 'filter-model' })),
      field(t('usage.status'), select('status', [['', t('usage.anyStatus')], ['ok', 'ok'], ['error', 'error'], ['cancelled', 'cancelled']])),
      field(t('usage.metric'), select('metric', [['requests', t('usage.requests')], ['tokens', t('usage.tokens')], ['cost', t('usage.cost')]])));
  }

  private async loadKeyNames(): Promise<void> {
    if (!isAdmin(this.me)) return;
    try {
      const { data } = await api<{ data: KeyInfo[] }>('/admin/keys', { signal: this.lifetime.signal });
      this.keyNames = new Map(data.map((key) => [key.id, key.name]));
      const form = this.querySelector('form.filters');
      form?.replaceWith(this.filterForm());
    } catch {
      // Without the keys API the filter offers no keys; the charts below say why.
    }
  }

  private async refresh(): Promise<void> {
    const from = new Date(Date.now() - Number(this.filters.days) * 86_400_000);
    from.setUTCHours(0, 0, 0, 0);
    const scope = { from: from.toISOString(), key_id: isAdmin(this.me) ? this.filters.key_id : undefined, model: this.filters.model };
    const usage = (groupBy: string) => api<{ data: UsageRow[] }>(`${this.base}/usage${query({ group_by: groupBy, ...scope })}`, { signal: this.lifetime.signal }).then((answer) => answer.data);
    try {
      const [byDay, byKey, byModel] = await Promise.all([usage('day'), isAdmin(this.me) ? usage('key') : Promise.resolve(undefined), usage('model')]);
      this.drawCharts(daysSince(from), byDay, byKey, byModel);
    } catch (error) {
      if (this.lifetime.signal.aborted) return;
      replaceChildren(this.charts, section(t('usage.charts'), error instanceof ApiError && error.missing ? h('p', { class: 'hint' }, t('usage.noApi')) : errorNote(error)));
    }
    this.logs = [];
    await this.loadLogs();
  }

  private drawCharts(days: string[], byDay: UsageRow[], byKey: UsageRow[] | undefined, byModel: UsageRow[]): void {
    const metric = this.filters.metric;
    const format = metric === 'cost' ? formatUsd : (value: number) => formatNumber(value);
    const perDay = new Map(byDay.map((row) => [row.day?.slice(0, 10) ?? '', metricValue(row, metric)]));
    const timeline: Bar[] = days.map((day) => ({ label: day.slice(5), value: perDay.get(day) ?? 0 }));
    const ranked = (rows: UsageRow[], label: (row: UsageRow) => string) => rows.map((row) => ({ label: label(row), value: metricValue(row, metric) }))
      .sort((a, b) => b.value - a.value).slice(0, 10);
    const total = (pick: (row: UsageRow) => number) => byDay.reduce((sum, row) => sum + pick(row), 0);
    const metricName = t(`usage.${metric}`);
    replaceChildren(this.charts,
      h('div', { class: 'totals', 'data-testid': 'usage-totals' },
        [[t('usage.requests'), formatNumber(total((row) => row.requests))], [t('usage.errors'), formatNumber(total((row) => row.errors))],
          [t('usage.tokens'), formatNumber(total((row) => row.input_tokens + row.output_tokens))], [t('usage.cost'), formatUsd(total((row) => row.cost_usd))]]
          .map(([label, value]) => h('div', { class: 'card total' }, h('span', {}, label), h('strong', {}, value)))),
      h('div', { class: 'card timeline' }, barChart(t('usage.overTime', { metric: metricName }), timeline, format, { testId: 'chart-time', width: 1200 })),
      byKey ? h('div', { class: 'card' }, barChart(t('usage.byKey', { metric: metricName }), ranked(byKey, (row) => (row.key_id ? this.keyNames.get(row.key_id) ?? row.key_id : t('usage.adminCalls'))), format, { horizontal: true, testId: 'chart-key' })) : null,
      h('div', { class: 'card' }, barChart(t('usage.byModel', { metric: metricName }), ranked(byModel, (row) => row.model ?? '—'), format, { horizontal: true, testId: 'chart-model' })));
  }

  private async loadLogs(): Promise<void> {
    const before = this.logs.at(-1)?.created_at;
    try {
      const path = `${this.base}/logs${query({ limit: pageSize, key_id: isAdmin(this.me) ? this.filters.key_id : undefined, model: this.filters.model, status: this.filters.status, before })}`;
      const { data } = await api<{ data: LogEntry[] }>(path, { signal: this.lifetime.signal });
      this.logs = this.logs.concat(data);
      this.drawLogs(data.length === pageSize);
    } catch (error) {
      if (this.lifetime.signal.aborted) return;
      replaceChildren(this.logSection, section(t('usage.recent'), error instanceof ApiError && error.missing ? h('p', { class: 'hint' }, t('usage.noApi')) : errorNote(error)));
    }
  }

  private drawLogs(more: boolean): void {
    replaceChildren(this.logSection, section(t('usage.recent'), table(t('usage.recent'), [
      { label: t('usage.time'), cell: (entry) => formatTime(entry.created_at) },
      { label: t('usage.model'), cell: (entry) => h('code', {}, entryModel(entry)) },
      { label: t('usage.key'), cell: (entry) => (entry.key_id ? this.keyNames.get(entry.key_id) ?? entry.key_id : '—') },
      { label: t('usage.status'), cell: (entry) => badge(entry.status, statusKind[entry.status] ?? '') },
      { label: t('usage.latency'), cell: (entry) => (entry.latency_ms != null ? `${formatNumber(entry.latency_ms)} ms` : '—'), numeric: true },
      { label: t('usage.ttft'), cell: (entry) => (entry.ttft_ms != null ? `${formatNumber(entry.ttft_ms)} ms` : '—'), numeric: true },
      { label: t('usage.tokens'), cell: (entry) => `${entry.input_tokens ?? '—'} / ${entry.output_tokens ?? '—'}`, numeric: true },
      { label: t('usage.cost'), cell: (entry) => (entry.cost_usd != null ? formatUsd(entry.cost_usd) : '—'), numeric: true },
      { label: t('common.actions'), cell: (entry) => h('button', { type: 'button', class: 'ghost', 'data-testid': 'log-details', onclick: () => this.showDetail(entry) }, t('usage.details')) },
    ], this.logs, { empty: t('usage.noCalls'), testId: 'logs-table', rowAttributes: (entry) => ({ 'data-status': entry.status, 'data-model': entryModel(entry) }) }),
    more ? h('button', { type: 'button', class: 'ghost', onclick: () => void this.loadLogs() }, t('usage.more')) : null));
  }

  private showDetail(entry: LogEntry): void {
    replaceChildren(this.dialog, h('h2', { id: 'log-dialog-title' }, t('usage.detailTitle')), logDetail(entry, entry.key_id ? this.keyNames.get(entry.key_id) : undefined),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'primary', onclick: () => this.dialog.close() }, t('common.close'))));
    this.dialog.showModal();
  }
}
