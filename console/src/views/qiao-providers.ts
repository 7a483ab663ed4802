import { api, ApiError } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { formatNumber, formatTime, t } from '../i18n.js';
import { groupByProvider, listModels, type ListedModel } from '../models.js';
import { badge, errorNote, section, table } from '../parts/table.js';
import { BaseView } from './base-view.js';
import { providerForm, type ProviderDraft } from './provider-form.js';

interface ProviderHealth {
  type?: string;
  source?: string;
  configured: boolean;
  models: number;
  reachable?: boolean;
  checked_at?: string;
  last_error?: string;
}

/** A deployment's routing state (`GET /admin/deployments`, or the `deployments` section of /health). */
interface Deployment {
  alias?: string;
  deployment: string;
  provider: string;
  model: string;
  weight?: number;
  priority?: number;
  circuit: 'closed' | 'open' | 'half-open';
  in_flight?: number;
  latency_ms_ewma?: number | null;
  error_rate?: number | null;
  last_error?: string | null;
}

interface Health {
  providers: Record<string, ProviderHealth>;
  deployments?: unknown;
}

function providerState(provider: ProviderHealth): HTMLElement {
  if (!provider.configured) return badge(t('providers.state.unconfigured'), 'warn');
  if (provider.reachable === false) return badge(t('providers.state.unreachable'), 'bad');
  return badge(provider.reachable ? t('providers.state.healthy') : t('providers.state.configured'), 'good');
}

const circuitKind = { closed: 'good', 'half-open': 'warn', open: 'bad' } as const;

/** Providers and deployments with their state, models and aliases, and the form to add or edit a provider. */
export class QiaoProviders extends BaseView {
  private editing: ProviderDraft | undefined;
  private notice = '';

  protected render(): void {
    replaceChildren(this, h('div', { class: 'page-head' }, h('h1', {}, t('nav.providers')),
      h('button', { type: 'button', class: 'ghost', onclick: () => this.render() }, t('common.refresh'))),
    this.notice ? h('p', { class: 'notice', role: 'status' }, this.notice) : null,
    h('p', { class: 'empty' }, t('common.loading')));
    void this.load();
  }

  private async load(): Promise<void> {
    const signal = this.lifetime.signal;
    const [health, models, deployments] = await Promise.allSettled([
      api<Health>('/health', { signal }), listModels(signal), this.deployments(signal),
    ]);
    if (signal.aborted) return;
    this.querySelector('.empty')?.remove();
    this.append(
      health.status === 'fulfilled' ? this.providersSection(health.value) : section(t('providers.title'), errorNote(health.reason)),
      this.deploymentsSection((deployments.status === 'fulfilled' ? deployments.value : undefined) ?? this.healthDeployments(health)),
      models.status === 'fulfilled' ? this.modelsSection(models.value) : section(t('providers.models'), errorNote(models.reason)),
      section(this.editing ? t('providers.editTitle', { name: this.editing.type }) : t('providers.addTitle'),
        h('p', { class: 'hint' }, t('providers.formIntro')),
        providerForm(this.editing, (message) => { this.notice = message; this.editing = undefined; this.render(); })));
  }

  /** A `deployments` list in /health, when the gateway reports one there. */
  private healthDeployments(health: PromiseSettledResult<Health>): Deployment[] | undefined {
    const listed = health.status === 'fulfilled' ? health.value.deployments : undefined;
    return Array.isArray(listed) ? listed : undefined;
  }

  /** The routing state, or undefined on a gateway without `/admin/deployments` (then /health may have it). */
  private async deployments(signal: AbortSignal): Promise<Deployment[] | undefined> {
    try {
      return (await api<{ data: Deployment[] }>('/admin/deployments', { signal })).data;
    } catch (error) {
      if (error instanceof ApiError && error.missing) return undefined;
      throw error;
    }
  }

  private providersSection(health: Health): HTMLElement {
    const rows = Object.entries(health.providers).map(([name, provider]) => ({ name, ...provider }));
    return section(t('providers.title'), table(t('providers.title'), [
      { label: t('providers.name'), cell: (row) => h('strong', {}, row.name) },
      { label: t('providers.type'), cell: (row) => row.type ?? '' },
      { label: t('providers.source'), cell: (row) => row.source ?? '' },
      { label: t('providers.state'), cell: (row) => providerState(row) },
      { label: t('providers.modelCount'), cell: (row) => row.models, numeric: true },
      { label: t('providers.checked'), cell: (row) => (row.checked_at ? formatTime(row.checked_at) : '') },
      { label: t('providers.lastError'), cell: (row) => (row.last_error ? h('span', { class: 'error' }, row.last_error) : '') },
      { label: t('common.actions'), cell: (row) => h('button', { type: 'button', class: 'ghost', onclick: () => { this.editing = { type: row.type ?? row.name }; this.notice = ''; this.render(); } }, t('providers.edit')) },
    ], rows, { empty: t('providers.none'), testId: 'providers-table', rowAttributes: (row) => ({ 'data-provider': row.name }) }));
  }

  private deploymentsSection(deployments: Deployment[] | undefined): HTMLElement {
    if (!deployments) return section(t('providers.deployments'), h('p', { class: 'hint' }, t('providers.noRouting')));
    return section(t('providers.deployments'), table(t('providers.deployments'), [
      { label: t('providers.alias'), cell: (row) => row.alias ?? '' },
      { label: t('providers.deployment'), cell: (row) => h('code', {}, row.deployment) },
      { label: t('providers.circuit'), cell: (row) => badge(t(`circuit.${row.circuit}`), circuitKind[row.circuit]) },
      { label: t('providers.weight'), cell: (row) => `${row.weight ?? ''}${row.priority !== undefined ? ` / ${row.priority}` : ''}`, numeric: true },
      { label: t('providers.inFlight'), cell: (row) => row.in_flight ?? '', numeric: true },
      { label: t('providers.latency'), cell: (row) => (row.latency_ms_ewma != null ? `${formatNumber(row.latency_ms_ewma)} ms` : '—'), numeric: true },
      { label: t('providers.errorRate'), cell: (row) => (row.error_rate != null ? `${formatNumber(row.error_rate * 100, 1)} %` : '—'), numeric: true },
      { label: t('providers.lastError'), cell: (row) => (row.last_error ? h('span', { class: 'error' }, row.last_error) : '') },
    ], deployments, { empty: t('providers.noDeployments'), testId: 'deployments-table' }));
  }

  private modelsSection(models: ListedModel[]): HTMLElement {
    const groups = groupByProvider(models);
    const aliases = groups.find((group) => group.provider === 'qiao')?.models ?? [];
    return section(t('providers.models'),
      groups.filter((group) => group.provider !== 'qiao').map((group) => h('div', { class: 'model-group' },
        h('h3', {}, group.provider),
        h('ul', { class: 'models' }, group.models.map((model) => h('li', {}, h('code', {}, model.id), ' ',
          (model.capabilities ?? []).map((capability) => badge(t(`capability.${capability}` as 'capability.chat'), `cap-${capability}`)),
          model.context_window ? h('small', {}, ` ${t('playground.context', { tokens: formatNumber(model.context_window) })}`) : null))))),
      h('h3', {}, t('providers.aliases')),
      table(t('providers.aliases'), [
        { label: t('providers.alias'), cell: (row) => h('code', {}, row.id) },
        { label: t('providers.routes'), cell: (row) => h('ol', { class: 'routes' }, (row.alias_of ?? []).map((target) => h('li', {}, h('code', {}, target)))) },
      ], aliases, { empty: t('providers.noAliases') }));
  }
}
