import { api } from '../api.js';
import { field, h } from '../dom.js';
import { t } from '../i18n.js';

const providerTypes = ['openai', 'azure', 'dashscope', 'deepseek', 'moonshot', 'zhipu', 'ark', 'qianfan', 'hunyuan', 'siliconflow',
  'vllm', 'ollama', 'huggingface', 'tgi', 'openai-compatible', 'anthropic', 'gemini', 'coze', 'mock'];

/** What the form starts from when editing a provider (its key is never known to the console). */
export interface ProviderDraft {
  type: string;
  model?: string;
}

/**
 * Adds or replaces a provider with seed 000's `POST /config` (its model becomes the ai_core model).
 * The API key field is write-only: never filled in, cleared after sending, never shown.
 */
export function providerForm(draft: ProviderDraft | undefined, onSaved: (message: string) => void): HTMLFormElement {
  const type = h('input', { type: 'text', name: 'provider_type', list: 'qiao-provider-types', required: true, value: draft?.type ?? '', autocomplete: 'off', 'data-testid': 'provider-type' });
  const model = h('input', { type: 'text', name: 'model', required: true, value: draft?.model ?? '', autocomplete: 'off', 'data-testid': 'provider-model' });
  const apiKey = h('input', { type: 'password', name: 'api_key', autocomplete: 'new-password', spellcheck: 'false', 'data-testid': 'provider-key' });
  const baseUrl = h('input', { type: 'url', name: 'base_url', placeholder: 'https://api.example.com/v1', autocomplete: 'off' });
  const timeout = h('input', { type: 'number', name: 'timeout', min: 1, max: 86400, step: 1 });
  const retries = h('input', { type: 'number', name: 'max_retries', min: 0, max: 10, step: 1 });
  const status = h('p', { role: 'status', 'data-testid': 'provider-status' });
  const form = h('form', { class: 'stack', 'aria-label': draft ? t('providers.editTitle', { name: draft.type }) : t('providers.addTitle') },
    h('datalist', { id: 'qiao-provider-types' }, providerTypes.map((id) => h('option', { value: id }))),
    h('div', { class: 'row' }, field(t('providers.type'), type), field(t('providers.model'), model)),
    field(t('providers.apiKey'), apiKey, draft ? t('providers.apiKeyKeep') : t('providers.apiKeyHint')),
    field(t('providers.baseUrl'), baseUrl, t('providers.baseUrlHint')),
    h('div', { class: 'row' }, field(t('providers.timeout'), timeout), field(t('providers.retries'), retries)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('providers.save'))), status);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { provider_type: type.value.trim(), model: model.value.trim() };
    if (apiKey.value) body.api_key = apiKey.value;
    if (baseUrl.value.trim()) body.base_url = baseUrl.value.trim();
    if (timeout.value) body.timeout = Number(timeout.value);
    if (retries.value) body.max_retries = Number(retries.value);
    status.className = '';
    status.textContent = t('common.saving');
    api<{ provider?: string }>('/config', { method: 'POST', body }).then((answer) => {
      apiKey.value = '';
      onSaved(t('providers.saved', { name: answer.provider ?? body.provider_type as string }));
    }, (error: unknown) => {
      status.className = 'error';
      status.textContent = error instanceof Error ? error.message : String(error);
    });
  });
  return form;
}
