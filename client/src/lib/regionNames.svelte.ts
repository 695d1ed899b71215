/** Region names by code for lists that carry only codes (task rows): fetched once per code, reactive. */
import { SvelteMap } from 'svelte/reactivity';
import { data, http } from './api.ts';

const names = new SvelteMap<string, string>();
// Bookkeeping of fetches, deliberately not reactive: it changes while a template reads names.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const asked = new Set<string>();

/** The region's name, or its code until (or unless) the name arrives. */
export function regionName(code: string): string {
  const name = names.get(code);
  if (name) return name;
  if (!asked.has(code)) {
    asked.add(code);
    queueMicrotask(() => {
      data(http.GET('/api/regions/{code}', { params: { path: { code } } }))
        .then((region) => names.set(code, region.name))
        .catch(() => asked.delete(code));
    });
  }
  return code;
}
