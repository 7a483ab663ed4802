import { h } from '../dom.js';
import { t } from '../i18n.js';

/** A button that copies `text` and says so (clipboard API, else the selection of `source`). */
export function copyButton(text: string, source?: HTMLInputElement): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'copy' }, t('common.copy'));
  button.addEventListener('click', () => {
    const copied = () => { button.textContent = t('common.copied'); };
    const fallback = () => {
      source?.select();
      if (document.execCommand('copy')) copied();
    };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(copied, fallback);
    else fallback();
  });
  return button;
}
