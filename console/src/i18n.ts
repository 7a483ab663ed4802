import { en, type Strings } from './i18n/en.js';
import { zh } from './i18n/zh.js';

/** The languages the console speaks. */
export type Language = 'en' | 'zh';

const dictionaries: Record<Language, Strings> = { en, zh };
const languageItem = 'qiao.console.language';

function initialLanguage(): Language {
  const chosen = localStorage.getItem(languageItem);
  if (chosen === 'en' || chosen === 'zh') return chosen;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

let current: Language = initialLanguage();

/** The language in use. */
export const language = () => current;

/** Switches the language (remembered) and tells the page to render again. */
export function setLanguage(next: Language): void {
  current = next;
  localStorage.setItem(languageItem, next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  document.dispatchEvent(new CustomEvent('qiao-language'));
}

/** A string of the current language, with `{name}` placeholders filled. */
export function t(key: keyof Strings, values: Record<string, string | number> = {}): string {
  // A key built from API data (a period, a capability) may be unknown: show it as it is.
  return (dictionaries[current][key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Numbers and dates formatted for the current language. */
export const locale = () => (current === 'zh' ? 'zh-CN' : 'en-US');

document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';

/** A number in the current language's format. */
export function formatNumber(value: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits }).format(value);
}

/** A US-dollar amount (small amounts keep their cents' fractions). */
export function formatUsd(value: number): string {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'USD', maximumFractionDigits: value < 1 ? 4 : 2 }).format(value);
}

/** A date and time in the current language. */
export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(locale());
}
