/**
 * Code list labels (代码表) for showing stored codes: each list is fetched once per page load from the public
 * `/api/dictionaries/{type}` and kept here, shared by every component; until it arrives (or if it cannot be had)
 * the code itself is shown. Reading a label is reactive: the text updates when the list arrives or the locale
 * changes.
 */
import { SvelteMap } from 'svelte/reactivity';
import { data, http } from '../api.ts';
import { getLocale } from '../i18n/index.svelte.ts';

interface Label {
  zh: string;
  en: string;
}

const lists = new SvelteMap<string, ReadonlyMap<string, Label>>();
// Bookkeeping of fetches, deliberately not reactive: it changes while a template reads labels.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const requested = new Map<string, Promise<void>>();

/** Fetches code list `type` unless it was asked for already (a failure is retried on the next request). */
export function loadCodeList(type: string): Promise<void> {
  let pending = requested.get(type);
  if (!pending) {
    pending = data(http.GET('/api/dictionaries/{type}', { params: { path: { type } } }))
      .then((answer) => {
        const entries = answer.items.map((item): [string, Label] => [
          item.code,
          { zh: item.name_zh, en: item.name_en },
        ]);
        // Built once and never changed: the reactive part is the entry of `lists`.
        // eslint-disable-next-line svelte/prefer-svelte-reactivity
        const labels: ReadonlyMap<string, Label> = new Map(entries);
        lists.set(type, labels);
      })
      .catch((caught: unknown) => {
        requested.delete(type);
        console.warn(`code list ${type} unavailable`, caught);
      });
    requested.set(type, pending);
  }
  return pending;
}

/**
 * The label of `code` in code list `type`, in the current locale; the code itself while the list loads, when
 * it is not in the list, or when the list cannot be loaded. Empty for no code.
 */
export function codeLabel(type: string, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  const list = lists.get(type);
  if (!list) {
    // Not while rendering: state may not change inside a template expression, so the fetch starts just after.
    if (!requested.has(type)) queueMicrotask(() => void loadCodeList(type));
    return code;
  }
  const label = list.get(code);
  if (!label) return code;
  return getLocale() === 'en' ? label.en : label.zh;
}

/**
 * The items of code list `type` as [code, label] pairs in the current locale, in the list's order (for selects);
 * empty until the list arrives. Reactive like `codeLabel`.
 */
export function codeOptions(type: string): [string, string][] {
  const list = lists.get(type);
  if (!list) {
    if (!requested.has(type)) queueMicrotask(() => void loadCodeList(type));
    return [];
  }
  const en = getLocale() === 'en';
  return [...list].map(([code, label]) => [code, en ? label.en : label.zh]);
}
