import { h, type Child } from '../dom.js';
import { formatNumber, formatTime, formatUsd, t } from '../i18n.js';
import { table } from '../parts/table.js';

/** A usage-log entry as the admin API returns it (snake_case). */
export interface LogEntry {
  request_id?: string;
  created_at: string;
  endpoint?: string;
  requested_model?: string;
  model?: string;
  provider?: string | null;
  upstream_model?: string | null;
  deployment?: string | null;
  key_id?: string | null;
  stream?: boolean;
  status: string;
  http_status?: number;
  error_code?: string | null;
  error_message?: string | null;
  input_tokens?: number | null;
  output_tokens?: number | null;
  reasoning_tokens?: number | null;
  cached_tokens?: number | null;
  latency_ms?: number | null;
  ttft_ms?: number | null;
  cost_usd?: number | null;
  attempts?: number;
  attempt_log?: unknown;
  warnings?: unknown;
}

interface Attempt {
  deployment?: string;
  status?: string | number;
  code?: string;
  ms?: number;
}

/** A JSON column may arrive parsed or as its text. */
function parsedList(value: unknown): unknown[] {
  if (typeof value === 'string') {
    try {
      return parsedList(JSON.parse(value));
    } catch {
      return [value];
    }
  }
  return Array.isArray(value) ? value : [];
}

/** The model a log entry names. */
export const entryModel = (entry: LogEntry) => entry.requested_model ?? entry.model ?? '';

const milliseconds = (value: number | null | undefined) => (value == null ? '—' : `${formatNumber(value)} ms`);

/** Everything recorded about one call: request, outcome, timings, tokens, attempts, warnings. */
export function logDetail(entry: LogEntry, keyName?: string): HTMLElement {
  const rows: [string, Child][] = [
    [t('usage.requestId'), h('code', {}, entry.request_id ?? '')],
    [t('usage.time'), formatTime(entry.created_at)],
    [t('usage.endpoint'), entry.endpoint ?? ''],
    [t('usage.model'), entryModel(entry)],
    [t('usage.deployment'), entry.deployment ?? [entry.provider, entry.upstream_model].filter(Boolean).join('/')],
    [t('usage.key'), entry.key_id ? `${keyName ?? entry.key_id}${keyName ? ` (${entry.key_id})` : ''}` : '—'],
    [t('usage.status'), `${entry.status}${entry.http_status ? ` (${entry.http_status})` : ''}`],
    [t('usage.error'), entry.error_code ? `${entry.error_code}: ${entry.error_message ?? ''}` : '—'],
    [t('usage.latency'), milliseconds(entry.latency_ms)],
    [t('usage.ttft'), milliseconds(entry.ttft_ms)],
    [t('usage.tokensInOut'), `${entry.input_tokens ?? '—'} / ${entry.output_tokens ?? '—'}${entry.reasoning_tokens ? ` (${t('usage.reasoningTokens', { count: entry.reasoning_tokens })})` : ''}`],
    [t('usage.cost'), entry.cost_usd != null ? formatUsd(entry.cost_usd) : '—'],
    [t('usage.stream'), entry.stream ? t('common.yes') : t('common.no')],
  ];
  const attempts = parsedList(entry.attempt_log).filter((item): item is Attempt => typeof item === 'object' && item !== null);
  const warnings = parsedList(entry.warnings).map((item) => (typeof item === 'object' && item !== null && 'message' in item ? String((item as { message: unknown }).message) : String(item)));
  return h('div', { class: 'log-detail', 'data-testid': 'log-detail' },
    h('dl', {}, rows.map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])),
    h('h3', {}, t('usage.attempts')),
    table(t('usage.attempts'), [
      { label: '#', cell: (_attempt: Attempt) => String(attempts.indexOf(_attempt) + 1) },
      { label: t('usage.deployment'), cell: (attempt) => attempt.deployment ?? '' },
      { label: t('usage.status'), cell: (attempt) => String(attempt.status ?? '') },
      { label: t('usage.errorCode'), cell: (attempt) => attempt.code ?? '' },
      { label: t('usage.duration'), cell: (attempt) => milliseconds(attempt.ms), numeric: true },
    ], attempts, { empty: t('usage.noAttempts') }),
    h('h3', {}, t('answer.warnings')),
    warnings.length ? h('ul', { class: 'warnings' }, warnings.map((warning) => h('li', {}, warning))) : h('p', { class: 'empty' }, '—'));
}
