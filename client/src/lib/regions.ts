/** Region look-ups shared by the pickers and the map. */
import { data, http } from './api.ts';
import type { Region } from './types.ts';

const cache = new Map<string, Promise<Region[]>>();

/** The direct subregions of `parent`, cached for the session. */
export function childRegions(parent: string): Promise<Region[]> {
  let hit = cache.get(parent);
  if (!hit) {
    hit = data(http.GET('/api/regions', { params: { query: { parent } } })).then((r) => r.items);
    hit.catch(() => cache.delete(parent));
    cache.set(parent, hit);
  }
  return hit;
}

/**
 * Region codes are 12-digit GB/T 2260 statistical codes, zero-padded: province 2 digits, city 4, district 6,
 * subdistrict 9, community 12. A region contains `code` when `code` starts with its significant prefix.
 */
const PREFIX_LENGTH: Record<number, number> = { 1: 2, 2: 4, 3: 6, 4: 9, 5: 12 };

export function contains(region: Pick<Region, 'code' | 'level'>, code: string): boolean {
  const length = PREFIX_LENGTH[region.level] ?? 12;
  return code.startsWith(region.code.slice(0, length));
}
