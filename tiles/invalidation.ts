/**
 * Applies the database's `tile_changes` notifications (sent on commit by statement triggers, see migration
 * 20261127130200; received by server/db/notifications.ts) to the tile cache.
 */
import type { Extent, TileCache } from './cache.ts';

/** One payload: `{"layer": [minX, minY, maxX, maxY] | null, …}`, or `{"*": null}` for everything. */
export function applyTileChanges(cache: TileCache, payload: string): void {
  const changes = JSON.parse(payload) as Record<string, Extent | null>;
  for (const [layer, extent] of Object.entries(changes)) {
    if (layer === '*') cache.clear();
    else if (extent) cache.invalidate(layer, extent);
  }
}
