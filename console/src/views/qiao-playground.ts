import { field, h, replaceChildren } from '../dom.js';
import { formatNumber, t } from '../i18n.js';
import { canChat, groupByProvider, listModels, type ListedModel } from '../models.js';
import { badge } from '../parts/table.js';
import { answerView } from './answer-view.js';
import { BaseView } from './base-view.js';
import { clearConversation, playground, send, stop } from './playground-state.js';
import { WorkflowPanel } from './workflow-panel.js';

const exampleTools = JSON.stringify([{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }], null, 2);

/** Chat with any model (streamed, stoppable, in a thread), or run a workflow. */
export class QiaoPlayground extends BaseView {
  private models: ListedModel[] = [];
  private conversation = h('div', { class: 'conversation', role: 'log', 'aria-label': t('playground.conversation'), 'data-testid': 'conversation' });
  private badges = h('div', { class: 'badges', 'data-testid': 'model-badges' });
  private sendButton = h('button', { type: 'submit', class: 'primary', 'data-testid': 'send' }, t('playground.send'));
  private stopButton = h('button', { type: 'button', class: 'danger', 'data-testid': 'stop', onclick: () => stop() }, t('playground.stop'));
  private statusLine = h('p', { class: 'sr-only', 'aria-live': 'polite' });
  private scheduled = false;
  private readonly update = () => this.scheduleUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    playground.listeners.add(this.update);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    playground.listeners.delete(this.update);
  }

  protected render(): void {
    const modes = h('div', { class: 'segmented', role: 'group', 'aria-label': t('playground.mode') },
      (['chat', 'workflow'] as const).map((mode) => h('button', {
        type: 'button', 'aria-pressed': String(playground.mode === mode), 'data-testid': `mode-${mode}`,
        onclick: () => { playground.mode = mode; this.render(); },
      }, t(`playground.mode.${mode}`))));
    const body = playground.mode === 'workflow' ? new WorkflowPanel() : this.chatPanel();
    replaceChildren(this, h('div', { class: 'page-head' }, h('h1', {}, t('nav.playground')), modes), body);
    if (playground.mode === 'chat') void this.loadModels();
  }

  private chatPanel(): HTMLElement {
    const model = h('select', { name: 'model', 'data-testid': 'model', onchange: (event: Event) => { playground.model = (event.target as HTMLSelectElement).value; this.showBadges(); } });
    const system = h('textarea', { rows: 3, name: 'system', oninput: (event: Event) => { playground.system = (event.target as HTMLTextAreaElement).value; } });
    system.value = playground.system;
    const temperature = h('input', { type: 'number', min: 0, max: 2, step: 0.1, name: 'temperature', value: playground.temperature, placeholder: t('playground.default'), oninput: (event: Event) => { playground.temperature = (event.target as HTMLInputElement).value; } });
    const maxTokens = h('input', { type: 'number', min: 1, step: 1, name: 'max_tokens', value: playground.maxTokens, placeholder: t('playground.default'), oninput: (event: Event) => { playground.maxTokens = (event.target as HTMLInputElement).value; } });
    const threadId = h('input', { type: 'text', name: 'thread_id', value: playground.threadId, placeholder: t('playground.threadNew'), 'data-testid': 'thread-id', oninput: (event: Event) => { playground.threadId = (event.target as HTMLInputElement).value; } });
    const useThread = h('input', { type: 'checkbox', name: 'use_thread', checked: playground.useThread, 'data-testid': 'use-thread', onchange: (event: Event) => { playground.useThread = (event.target as HTMLInputElement).checked; } });
    const tools = h('textarea', { rows: 6, name: 'tools', class: 'mono', placeholder: exampleTools, oninput: (event: Event) => { playground.tools = (event.target as HTMLTextAreaElement).value; } });
    tools.value = playground.tools;
    const draft = h('textarea', { rows: 3, name: 'message', required: true, 'data-testid': 'message', oninput: (event: Event) => { playground.draft = (event.target as HTMLTextAreaElement).value; } });
    draft.value = playground.draft;
    draft.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
    });
    const error = h('p', { class: 'error', role: 'alert', 'data-testid': 'playground-error' });
    const form = h('form', { class: 'composer' }, field(t('playground.message'), draft, t('playground.sendHint')),
      h('div', { class: 'actions' }, this.sendButton, this.stopButton,
        h('button', { type: 'button', class: 'ghost', onclick: () => clearConversation() }, t('playground.clear'))), error);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      error.textContent = '';
      send().catch((reason: unknown) => { error.textContent = reason instanceof Error ? reason.message : String(reason); });
    });
    const settings = h('aside', { class: 'card settings', 'aria-label': t('playground.settings') },
      field(t('playground.model'), model), this.badges,
      field(t('playground.system'), system),
      h('div', { class: 'row' }, field(t('playground.temperature'), temperature), field(t('playground.maxTokens'), maxTokens)),
      h('label', { class: 'check' }, useThread, t('playground.useThread')),
      field(t('playground.threadId'), threadId, t('playground.threadHint')),
      h('details', {}, h('summary', {}, t('playground.tools')), field(t('playground.toolsJson'), tools, t('playground.toolsHint'))));
    this.updateConversation();
    return h('div', { class: 'playground' }, settings, h('section', { class: 'chat-pane', 'aria-label': t('playground.conversation') }, this.conversation, form, this.statusLine));
  }

  private async loadModels(): Promise<void> {
    try {
      this.models = (await listModels(this.lifetime.signal)).filter(canChat);
    } catch (error) {
      replaceChildren(this.badges, h('span', { class: 'error' }, error instanceof Error ? error.message : String(error)));
      return;
    }
    const select = this.querySelector<HTMLSelectElement>('select[name=model]');
    if (!select) return;
    if (!this.models.some((model) => model.id === playground.model)) playground.model = this.models[0]?.id ?? '';
    replaceChildren(select, groupByProvider(this.models).map((group) => h('optgroup', { label: group.provider === 'qiao' ? t('playground.aliases') : group.provider },
      group.models.map((model) => h('option', { value: model.id, selected: model.id === playground.model },
        model.alias_of ? `${model.id} → ${model.alias_of.join(', ')}` : `${model.id}${model.capabilities?.length ? `  [${model.capabilities.join(', ')}]` : ''}`)))));
    this.showBadges();
  }

  private showBadges(): void {
    const model = this.models.find((candidate) => candidate.id === playground.model);
    if (!model) return replaceChildren(this.badges);
    replaceChildren(this.badges,
      model.alias_of ? h('span', { class: 'badge alias' }, t('playground.aliasOf', { targets: model.alias_of.join(' → ') })) : null,
      (model.capabilities ?? []).map((capability) => badge(t(`capability.${capability}` as 'capability.chat'), `cap-${capability}`)),
      model.context_window ? h('span', { class: 'badge' }, t('playground.context', { tokens: formatNumber(model.context_window) })) : null);
  }

  private scheduleUpdate(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.updateConversation();
    });
  }

  private updateConversation(): void {
    const running = playground.running !== undefined;
    this.sendButton.disabled = running;
    this.stopButton.disabled = !running;
    // Inputs write to the state as they change, so copying the state back only shows what the state changed itself.
    const threadInput = this.querySelector<HTMLInputElement>('input[name=thread_id]');
    if (threadInput && threadInput.value !== playground.threadId) threadInput.value = playground.threadId;
    const draft = this.querySelector<HTMLTextAreaElement>('textarea[name=message]');
    if (draft && draft.value !== playground.draft) draft.value = playground.draft;
    const last = playground.turns.at(-1)?.answer;
    this.statusLine.textContent = last ? t(`answer.status.${last.status}`) : '';
    if (playground.turns.length === 0) {
      replaceChildren(this.conversation, h('p', { class: 'empty' }, t('playground.empty')));
      return;
    }
    replaceChildren(this.conversation, playground.turns.map((turn) => (turn.answer ? answerView(turn.answer) : h('article', { class: 'bubble user' }, h('div', { class: 'content' }, turn.content)))));
    this.conversation.scrollTop = this.conversation.scrollHeight;
  }
}
