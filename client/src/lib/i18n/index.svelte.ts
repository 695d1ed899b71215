/**
 * A tiny i18n module: zh-CN first, English on request. `t()` reads the locale from rune state, so any
 * template or `$derived` that calls it re-renders when the locale changes.
 */
import { en } from './en.ts';
import { zhCN, type MessageKey } from './zh-CN.ts';

export type { MessageKey };
export type Locale = 'zh-CN' | 'en';

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'hss.locale';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    if (isLocale(value)) return value;
  } catch {
    // Storage may be unavailable (private mode, blocked cookies): fall back to the default.
  }
  return 'zh-CN';
}

const state = $state<{ locale: Locale }>({ locale: storedLocale() });

function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.title = dictionaries[locale]['app.title'];
}

applyToDocument(state.locale);

export function getLocale(): Locale {
  return state.locale;
}

export function setLocale(locale: Locale): void {
  state.locale = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, but still applied.
  }
  applyToDocument(locale);
}

/** The message for `key` in the current locale, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const message = dictionaries[state.locale][key];
  if (!params) return message;
  return message.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/** Picks the localized name of a record that carries `name_zh` and `name_en`. */
export function localName(record: { name_zh: string; name_en?: string | null }): string {
  return state.locale === 'en' && record.name_en ? record.name_en : record.name_zh;
}

/** Date and time in the current locale, e.g. 2026/11/27 14:05:09. Takes ISO text or epoch ms; empty for null. */
export function formatDateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const time = typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(time)) return String(value);
  return new Intl.DateTimeFormat(state.locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(time);
}
