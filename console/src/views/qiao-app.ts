import { whoAmI } from '../auth.js';
import { h, replaceChildren } from '../dom.js';
import { language, setLanguage, t } from '../i18n.js';
import { isAdmin, session, type Me } from '../session.js';
import { isDark, setTheme } from '../theme.js';
import type { BaseView } from './base-view.js';
import { clearConversation } from './playground-state.js';
import { QiaoLogin } from './qiao-login.js';

interface Page {
  route: string;
  label: () => string;
  tag: string;
  adminOnly: boolean;
}

const pages: Page[] = [
  { route: 'playground', label: () => t('nav.playground'), tag: 'qiao-playground', adminOnly: false },
  { route: 'providers', label: () => t('nav.providers'), tag: 'qiao-providers', adminOnly: true },
  { route: 'keys', label: () => t('nav.keys'), tag: 'qiao-keys', adminOnly: true },
  { route: 'usage', label: () => t('nav.usage'), tag: 'qiao-usage', adminOnly: false },
];

/** The console's shell: sign-in gate, header with navigation, language and theme, and the current page (hash routes). */
export class QiaoApp extends HTMLElement {
  private me: Me | undefined;

  connectedCallback(): void {
    window.addEventListener('hashchange', () => this.render());
    document.addEventListener('qiao-language', () => this.render());
    document.addEventListener('qiao-signed-in', (event) => {
      this.me = (event as CustomEvent<Me>).detail;
      this.render();
    });
    if (session.key() === undefined) return this.render();
    whoAmI().then((me) => { this.me = me; }, () => session.forget()).finally(() => this.render());
  }

  private visiblePages(): Page[] {
    const me = this.me;
    return me ? pages.filter((page) => !page.adminOnly || isAdmin(me)) : [];
  }

  private render(): void {
    if (!this.me) {
      replaceChildren(this, this.header([]), h('main', { id: 'main', tabindex: '-1' }, new QiaoLogin()));
      return;
    }
    const visible = this.visiblePages();
    const wanted = location.hash.replace(/^#\/?/, '');
    const page = visible.find((candidate) => candidate.route === wanted) ?? visible[0]!;
    const view = document.createElement(page.tag) as BaseView;
    view.me = this.me;
    replaceChildren(this, this.header(visible, page), h('main', { id: 'main', tabindex: '-1' }, view));
    document.title = `${page.label()} · ${t('app.title')}`;
    // Move focus to the new page's heading so screen readers announce the change.
    const heading = this.querySelector<HTMLElement>('main h1');
    if (heading && wanted) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }

  private header(visible: Page[], current?: Page): HTMLElement {
    const who = this.me ? h('span', { class: 'who', 'data-testid': 'who' }, this.me.kind === 'virtual' ? t('who.virtual', { name: this.me.name ?? this.me.id ?? '' }) : t(`who.${this.me.kind}`)) : null;
    const languageSelect = h('select', { 'aria-label': t('app.language'), onchange: (event: Event) => setLanguage((event.target as HTMLSelectElement).value as 'en' | 'zh') },
      h('option', { value: 'en', selected: language() === 'en' }, 'English'),
      h('option', { value: 'zh', selected: language() === 'zh' }, '中文'));
    const themeButton = h('button', {
      type: 'button', class: 'ghost', 'aria-pressed': String(isDark()), 'data-testid': 'theme-toggle',
      onclick: () => { setTheme(isDark() ? 'light' : 'dark'); this.render(); },
    }, isDark() ? t('app.lightTheme') : t('app.darkTheme'));
    const signOut = this.me ? h('button', { type: 'button', class: 'ghost', onclick: () => { session.forget(); clearConversation(); this.me = undefined; location.hash = ''; this.render(); } }, t('app.signOut')) : null;
    return h('header', { class: 'topbar' },
      h('a', { class: 'skip', href: '#main', onclick: (event: Event) => { event.preventDefault(); this.querySelector<HTMLElement>('#main')?.focus(); } }, t('app.skip')),
      h('span', { class: 'brand' }, h('img', { src: 'favicon.svg', alt: '', width: 24, height: 24 }), t('app.title')),
      visible.length ? h('nav', { 'aria-label': t('app.navigation') }, visible.map((page) => h('a', {
        href: `#/${page.route}`, 'aria-current': page === current ? 'page' : false,
      }, page.label()))) : null,
      h('span', { class: 'spacer' }),
      who, languageSelect, themeButton, signOut);
  }
}
