import { signIn } from '../auth.js';
import { field, h, replaceChildren } from '../dom.js';
import { t } from '../i18n.js';

/** Sign in with the admin key or a virtual key (kept in sessionStorage for this tab only). */
export class QiaoLogin extends HTMLElement {
  connectedCallback(): void {
    const key = h('input', { type: 'password', name: 'key', autocomplete: 'off', spellcheck: 'false', 'data-testid': 'login-key' });
    const status = h('p', { class: 'error', role: 'alert' });
    const submit = h('button', { type: 'submit', class: 'primary' }, t('login.submit'));
    const form = h('form', { class: 'card login', 'aria-labelledby': 'login-title' },
      h('h1', { id: 'login-title' }, t('login.title')),
      h('p', {}, t('login.intro')),
      field(t('login.key'), key, t('login.keyHint')),
      submit, status);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submit.disabled = true;
      status.textContent = '';
      signIn(key.value).then(
        (me) => document.dispatchEvent(new CustomEvent('qiao-signed-in', { detail: me })),
        (error: unknown) => {
          status.textContent = t('login.failed', { message: error instanceof Error ? error.message : String(error) });
          submit.disabled = false;
          key.focus();
        });
    });
    replaceChildren(this, form);
    key.focus();
  }
}
