import { field, h } from '../dom.js';
import { t } from '../i18n.js';

/** A virtual key as `GET /admin/keys` lists it. */
export interface KeyInfo {
  id: string;
  name: string;
  key_prefix?: string;
  models?: string[] | null;
  rpm?: number | null;
  tpm?: number | null;
  budget?: { tokens?: number | null; usd?: number | null; period: string } | null;
  expires_at?: string | null;
  metadata?: Record<string, unknown> | null;
  created_at?: string;
  revoked_at?: string | null;
  spend?: { tokens?: number; usd?: number; period_start?: string } | null;
}

const periods = ['day', 'week', 'month', 'total'] as const;

const numberOrNull = (text: string) => (text.trim() === '' ? null : Number(text));

function localDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A budget in one key order, so a form's and the API's can be compared as JSON. */
function normalisedBudget(tokens: number | null | undefined, usd: number | null | undefined, period: string): KeyInfo['budget'] {
  if (tokens == null && usd == null) return null;
  return { ...(tokens != null && { tokens }), ...(usd != null && { usd }), period };
}

/** The fields of a key as the admin API takes them, from the form. Unset limits are null. */
function readFields(form: HTMLFormElement): Record<string, unknown> {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
  const models = value('models').split(',').map((model) => model.trim()).filter(Boolean);
  const budgetTokens = numberOrNull(value('budget_tokens'));
  const budgetUsd = numberOrNull(value('budget_usd'));
  const expires = value('expires_at');
  return {
    name: value('name').trim(),
    models,
    rpm: numberOrNull(value('rpm')),
    tpm: numberOrNull(value('tpm')),
    budget: normalisedBudget(budgetTokens, budgetUsd, value('period')),
    expires_at: expires ? new Date(expires).toISOString() : null,
  };
}

/** Only what is set, for a new key; only what changed, for an edit (a cleared limit is sent as null). */
export function keyRequestBody(form: HTMLFormElement, original?: KeyInfo): Record<string, unknown> {
  const fields = readFields(form);
  if (!original) return Object.fromEntries(Object.entries(fields).filter(([name, value]) => value !== null && !(name === 'models' && (value as string[]).length === 0)));
  const before: Record<string, unknown> = {
    name: original.name, models: original.models ?? [], rpm: original.rpm ?? null, tpm: original.tpm ?? null,
    budget: original.budget ? normalisedBudget(original.budget.tokens, original.budget.usd, original.budget.period) : null,
    expires_at: original.expires_at ? new Date(original.expires_at).toISOString() : null,
  };
  return Object.fromEntries(Object.entries(fields).filter(([name, value]) => JSON.stringify(value) !== JSON.stringify(before[name])));
}

/** The create / edit form of a virtual key: name, allowed models, rate limits, budget and expiry. */
export function keyForm(original: KeyInfo | undefined, submitLabel: string): HTMLFormElement {
  const input = (name: string, attributes: Record<string, string | number | boolean>) => h('input', { name, autocomplete: 'off', ...attributes });
  const budget = original?.budget;
  return h('form', { class: 'stack', 'data-testid': original ? 'key-edit-form' : 'key-create-form' },
    h('div', { class: 'row' },
      field(t('keys.name'), input('name', { type: 'text', required: true, value: original?.name ?? '', 'data-testid': 'key-name' })),
      field(t('keys.models'), input('models', { type: 'text', value: (original?.models ?? []).join(', '), placeholder: 'openai/*, fast' }), t('keys.modelsHint'))),
    h('div', { class: 'row' },
      field(t('keys.rpm'), input('rpm', { type: 'number', min: 1, step: 1, value: original?.rpm ?? '' })),
      field(t('keys.tpm'), input('tpm', { type: 'number', min: 1, step: 1, value: original?.tpm ?? '' })),
      field(t('keys.expires'), input('expires_at', { type: 'datetime-local', value: localDateTime(original?.expires_at) }))),
    h('fieldset', {}, h('legend', {}, t('keys.budget')), h('div', { class: 'row' },
      field(t('keys.budgetTokens'), input('budget_tokens', { type: 'number', min: 0, step: 1, value: budget?.tokens ?? '' })),
      field(t('keys.budgetUsd'), input('budget_usd', { type: 'number', min: 0, step: 0.01, value: budget?.usd ?? '' })),
      field(t('keys.period'), h('select', { name: 'period' }, periods.map((period) => h('option', { value: period, selected: (budget?.period ?? 'month') === period }, t(`period.${period}`))))))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', 'data-testid': original ? 'key-save' : 'key-create' }, submitLabel)),
    h('p', { class: 'error', role: 'alert' }));
}
