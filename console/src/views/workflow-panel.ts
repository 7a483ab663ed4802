import { api, authHeaders, ensureOk } from '../api.js';
import { field, h, replaceChildren } from '../dom.js';
import { formatNumber, t } from '../i18n.js';
import { readSse } from '../sse.js';

interface WorkflowService {
  service_name: string;
  service_type: string;
  provider: string;
  default_workflow_id?: string | null;
}

interface RunEvent {
  object?: string;
  delta?: { text?: string };
  node_title?: string;
  status?: string;
  usage?: { total_tokens?: number } | null;
  error?: { message?: string };
}

/** A parameter's value: JSON when it parses (numbers, booleans, objects), else the text itself. */
function parameterValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Runs a workflow (`POST /v1/workflows/{id}/runs`, streamed) with a form of start-node parameters. */
export class WorkflowPanel extends HTMLElement {
  private running: AbortController | undefined;
  private readonly rows = h('div', { class: 'parameter-rows' });
  private readonly output = h('div', { class: 'bubble assistant', 'aria-live': 'polite', 'data-testid': 'workflow-output' });
  private readonly workflow = h('input', { type: 'text', name: 'workflow', list: 'qiao-workflows', required: true, placeholder: 'coze/7400000000000000000', 'data-testid': 'workflow-id' });
  private readonly suggestions = h('datalist', { id: 'qiao-workflows' });
  private readonly runButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'run-workflow' }, t('workflow.run'));
  private readonly stopButton = h('button', { type: 'button', class: 'danger', disabled: true, onclick: () => this.running?.abort() }, t('playground.stop'));

  connectedCallback(): void {
    this.addRow();
    const form = h('form', { class: 'card settings' },
      field(t('workflow.id'), this.workflow, t('workflow.idHint')), this.suggestions,
      h('fieldset', {}, h('legend', {}, t('workflow.parameters')), this.rows,
        h('button', { type: 'button', class: 'ghost', onclick: () => this.addRow() }, t('workflow.addParameter'))),
      h('div', { class: 'actions' }, this.runButton, this.stopButton));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run();
    });
    replaceChildren(this, h('div', { class: 'playground' }, form, h('section', { class: 'chat-pane', 'aria-label': t('workflow.output') }, this.output)));
    void this.loadWorkflows();
  }

  disconnectedCallback(): void {
    this.running?.abort();
  }

  private addRow(): void {
    const row = h('div', { class: 'row parameter' },
      field(t('workflow.name'), h('input', { type: 'text', name: 'parameter-name' })),
      field(t('workflow.value'), h('input', { type: 'text', name: 'parameter-value' })));
    row.append(h('button', { type: 'button', class: 'ghost', 'aria-label': t('workflow.removeParameter'), onclick: () => row.remove() }, '×'));
    this.rows.append(row);
  }

  private async loadWorkflows(): Promise<void> {
    const { services } = await api<{ services: WorkflowService[] }>('/ai/services').catch(() => ({ services: [] as WorkflowService[] }));
    const workflows = services.filter((service) => service.service_type === 'workflow' && service.default_workflow_id);
    replaceChildren(this.suggestions, workflows.map((service) => h('option', { value: `${service.provider}/${service.default_workflow_id}` })));
    if (!this.workflow.value && workflows[0]) this.workflow.value = `${workflows[0].provider}/${workflows[0].default_workflow_id}`;
  }

  private parameters(): Record<string, unknown> {
    const entries: [string, unknown][] = [];
    for (const row of this.rows.querySelectorAll('.parameter')) {
      const name = row.querySelector<HTMLInputElement>('[name=parameter-name]')!.value.trim();
      if (name) entries.push([name, parameterValue(row.querySelector<HTMLInputElement>('[name=parameter-value]')!.value)]);
    }
    return Object.fromEntries(entries);
  }

  private async run(): Promise<void> {
    const controller = new AbortController();
    this.running = controller;
    this.runButton.disabled = true;
    this.stopButton.disabled = false;
    const text = h('div', { class: 'content', 'data-testid': 'workflow-text' });
    const status = h('span', { class: 'status streaming' }, t('answer.status.streaming'));
    const nodes = h('ul', { class: 'events' });
    replaceChildren(this.output, h('header', {}, h('strong', {}, this.workflow.value), status), text, nodes);
    const started = performance.now();
    const path = this.workflow.value.trim().split('/').map(encodeURIComponent).join('/');
    try {
      const response = await ensureOk(await fetch(`/v1/workflows/${path}/runs`, {
        method: 'POST', headers: authHeaders({ 'content-type': 'application/json' }),
        body: JSON.stringify({ parameters: this.parameters(), stream: true }), signal: controller.signal,
      }));
      await readSse(response, (data) => {
        if (data === '[DONE]') return;
        const event = JSON.parse(data) as RunEvent;
        if (event.error) throw new Error(event.error.message ?? 'error');
        if (event.delta?.text) text.append(event.delta.text);
        if (event.node_title) nodes.append(h('li', {}, event.node_title));
        if (event.status) status.textContent = event.status;
        if (event.usage?.total_tokens) nodes.append(h('li', {}, t('workflow.tokens', { tokens: event.usage.total_tokens })));
      });
      status.className = 'status done';
    } catch (error) {
      status.className = `status ${controller.signal.aborted ? 'stopped' : 'error'}`;
      status.textContent = controller.signal.aborted ? t('answer.status.stopped') : t('answer.status.error');
      if (!controller.signal.aborted) this.output.append(h('p', { class: 'error', role: 'alert' }, error instanceof Error ? error.message : String(error)));
    } finally {
      this.output.append(h('footer', { class: 'stats' }, t('workflow.elapsed', { ms: formatNumber(Math.round(performance.now() - started)) })));
      this.running = undefined;
      this.runButton.disabled = false;
      this.stopButton.disabled = true;
    }
  }
}
