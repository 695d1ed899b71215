/**
 * A small in-memory cache of computed answers, dropped by the database's `tile_changes` notifications (sent on
 * commit by statement triggers, see migration 20261127130200; wired in server/main.ts): an answer is kept until a
 * change touches one of the layers it was computed from. One cache per database handle, so two servers in one
 * process (tests) never share answers. Like the tile cache, an answer whose computation began before an
 * invalidation is not stored: it may have read the data before the change.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../db/knex.ts';

export class AnswerCache {
  private readonly lru: LRUCache<string, object>;
  private generation = 0;

  /** `layers`: the `tile_changes` keys (tables' layers) whose change drops every answer; `*` always does. */
  constructor(
    readonly layers: readonly string[],
    max = 64,
  ) {
    this.lru = new LRUCache<string, object>({ max });
  }

  /** The cached answer for `key`, or `compute()`'s, stored unless the cache was invalidated meanwhile. */
  async get<T extends object>(key: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.lru.get(key);
    if (hit) return hit as T;
    const started = this.generation;
    const answer = await compute();
    if (this.generation === started) this.lru.set(key, answer);
    return answer;
  }

  /** Applies one `tile_changes` payload (`{"layer": extent | null, …}`, `{"*": null}` for everything). */
  applyChanges(payload: string): void {
    const changes = JSON.parse(payload) as Record<string, unknown>;
    if (Object.keys(changes).some((layer) => layer === '*' || this.layers.includes(layer))) this.clear();
  }

  clear(): void {
    this.generation++;
    this.lru.clear();
  }

  get size(): number {
    return this.lru.size;
  }
}

const densityCaches = new WeakMap<Db, AnswerCache>();

/**
 * The demand-density answers of a database: they read `household_cells` (fed by households) and the region's row,
 * so a change of either drops them. Keyed by region, cell zoom and k (the scope only decides whether the region is
 * visible at all: a region in the scope lies wholly in it).
 */
export function densityCache(db: Db): AnswerCache {
  let cache = densityCaches.get(db);
  if (!cache) densityCaches.set(db, (cache = new AnswerCache(['households', 'regions'])));
  return cache;
}
