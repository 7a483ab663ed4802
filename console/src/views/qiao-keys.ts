import { api, ApiError } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { formatNumber, formatTime, formatUsd, t } from '../i18n.js';
import { copyButton } from '../parts/copy-button.js';
import { badge, errorNote, section, table } from '../parts/table.js';
import { BaseView } from './base-view.js';
import { keyForm, keyRequestBody, type KeyInfo } from './key-form.js';

function limits(key: KeyInfo): string {
  const parts = [key.rpm ? t('keys.rpmValue', { value: key.rpm }) : '', key.tpm ? t('keys.tpmValue', { value: key.tpm }) : ''];
  return parts.filter(Boolean).join(' · ') || t('keys.unlimited');
}

function budgetText(key: KeyInfo): string {
  const budget = key.budget;
  if (!budget) return t('keys.unlimited');
  const spend = key.spend ?? {};
  const parts = [
    budget.tokens != null ? `${formatNumber(spend.tokens ?? 0)} / ${formatNumber(budget.tokens)} ${t('keys.tokensUnit')}` : '',
    budget.usd != null ? `${formatUsd(spend.usd ?? 0)} / ${formatUsd(budget.usd)}` : '',
  ];
  return `${parts.filter(Boolean).join(' · ')} (${t(`period.${budget.period}` as 'period.day')})`;
}

/** Virtual keys: create (the secret shown once), list, edit limits and budgets, revoke. */
export class QiaoKeys extends BaseView {
  private readonly dialog = h('dialog', { class: 'card', 'aria-labelledby': 'key-dialog-title' });

  protected render(): void {
    const create = keyForm(undefined, t('keys.create'));
    create.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit(create, 'POST', '/admin/keys', keyRequestBody(create), (created) => this.reveal(created as KeyInfo & { key: string }));
    });
    replaceChildren(this, h('div', { class: 'page-head' }, h('h1', {}, t('nav.keys')),
      h('button', { type: 'button', class: 'ghost', onclick: () => this.render() }, t('common.refresh'))),
    section(t('keys.createTitle'), create),
    h('div', { 'data-testid': 'keys-list' }, h('p', { class: 'empty' }, t('common.loading'))), this.dialog);
    void this.load();
  }

  private async load(): Promise<void> {
    const list = this.querySelector<HTMLElement>('[data-testid=keys-list]')!;
    try {
      const { data } = await api<{ data: KeyInfo[] }>('/admin/keys', { signal: this.lifetime.signal });
      replaceChildren(list, section(t('keys.listTitle'), table(t('keys.listTitle'), [
        { label: t('keys.name'), cell: (key) => h('strong', {}, key.name) },
        { label: t('keys.prefix'), cell: (key) => h('code', {}, key.key_prefix ? `${key.key_prefix}…` : key.id) },
        { label: t('keys.models'), cell: (key) => (key.models?.length ? key.models.join(', ') : t('keys.allModels')) },
        { label: t('keys.limits'), cell: limits },
        { label: t('keys.budget'), cell: budgetText },
        { label: t('keys.expires'), cell: (key) => (key.expires_at ? formatTime(key.expires_at) : '—') },
        { label: t('keys.state'), cell: (key) => (key.revoked_at ? badge(t('keys.revoked'), 'bad') : badge(t('keys.active'), 'good')) },
        { label: t('common.actions'), cell: (key) => (key.revoked_at ? '' : this.actions(key)) },
      ], data, { empty: t('keys.none'), testId: 'keys-table', rowAttributes: (key) => ({ 'data-key-id': key.id, 'data-key-name': key.name }) })));
    } catch (error) {
      if (this.lifetime.signal.aborted) return;
      replaceChildren(list, section(t('keys.listTitle'), error instanceof ApiError && error.missing ? h('p', { class: 'hint' }, t('keys.noAdminApi')) : errorNote(error)));
    }
  }

  private actions(key: KeyInfo): HTMLElement {
    const revoke = h('button', { type: 'button', class: 'danger', 'data-testid': 'revoke' }, t('keys.revoke'));
    revoke.addEventListener('click', () => {
      // Two steps instead of window.confirm: the second click confirms.
      if (revoke.dataset.confirm !== 'yes') {
        revoke.dataset.confirm = 'yes';
        revoke.textContent = t('keys.confirmRevoke', { name: key.name });
        return;
      }
      revoke.disabled = true;
      api(`/admin/keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' }).then(() => this.load(), (error: unknown) => {
        revoke.replaceWith(errorNote(error));
      });
    });
    const edit = h('button', { type: 'button', class: 'ghost', 'data-testid': 'edit-key', onclick: () => this.edit(key) }, t('keys.edit'));
    return h('div', { class: 'actions' }, edit, revoke);
  }

  private edit(key: KeyInfo): void {
    const form = keyForm(key, t('common.save'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit(form, 'PATCH', `/admin/keys/${encodeURIComponent(key.id)}`, keyRequestBody(form, key), () => {
        this.dialog.close();
        void this.load();
      });
    });
    replaceChildren(this.dialog, h('h2', { id: 'key-dialog-title' }, t('keys.editTitle', { name: key.name })), form,
      h('button', { type: 'button', class: 'ghost', onclick: () => this.dialog.close() }, t('common.cancel')));
    this.dialog.showModal();
  }

  private async submit(form: HTMLFormElement, method: string, path: string, body: Record<string, unknown>, done: (answer: unknown) => void): Promise<void> {
    const error = form.querySelector<HTMLElement>('.error')!;
    error.textContent = '';
    try {
      done(await api(path, { method, body }));
      if (method === 'POST') form.reset();
    } catch (reason) {
      error.textContent = reason instanceof ApiError && reason.missing ? t('keys.noAdminApi') : reason instanceof Error ? reason.message : String(reason);
    }
  }

  private reveal(created: KeyInfo & { key: string }): void {
    const secret = h('input', { type: 'text', readonly: true, value: created.key, class: 'mono', 'aria-label': t('keys.secret'), 'data-testid': 'new-key' });
    replaceChildren(this.dialog,
      h('h2', { id: 'key-dialog-title' }, t('keys.createdTitle', { name: created.name })),
      h('p', { class: 'warning-text' }, t('keys.shownOnce')),
      h('div', { class: 'row' }, secret, copyButton(created.key, secret)),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'ghost', 'data-testid': 'close-dialog', onclick: () => this.dialog.close() }, t('keys.saved'))));
    // The secret leaves the page when the dialog closes; it is never listed again.
    this.dialog.addEventListener('close', () => replaceChildren(this.dialog), { once: true });
    this.dialog.showModal();
    secret.select();
    void this.load();
  }
}
