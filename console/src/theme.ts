/** Light, dark, or follow the system (prefers-color-scheme). */
export type Theme = 'light' | 'dark' | 'system';

const themeItem = 'qiao.console.theme';

/** The chosen theme. */
export function theme(): Theme {
  const stored = localStorage.getItem(themeItem);
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** Whether the page is dark right now. */
export function isDark(): boolean {
  const chosen = theme();
  return chosen === 'dark' || (chosen === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
}

/** Applies a theme: `data-theme` on <html> overrides the system preference the CSS follows. */
export function setTheme(next: Theme): void {
  if (next === 'system') {
    localStorage.removeItem(themeItem);
    delete document.documentElement.dataset.theme;
  } else {
    localStorage.setItem(themeItem, next);
    document.documentElement.dataset.theme = next;
  }
}

setTheme(theme());
