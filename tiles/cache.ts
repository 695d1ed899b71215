/**
 * The tile cache: an in-memory LRU bounded by bytes, invalidated precisely — a change drops only the cached
 * tiles (of the layers it feeds, at every zoom, in every variant) whose extent, plus the render buffer, meets the
 * changed features' old or new extent. Nothing else is flushed.
 */
import { LRUCache } from 'lru-cache';
import { tileBounds } from './coords.ts';

export interface CachedTile {
  gzipped: Buffer;
  raw: Buffer;
  etag: string;
}

/** A cached answer: a tile, or `empty` (the route answers 204). */
export type CacheEntry = CachedTile | 'empty';

/** [minX, minY, maxX, maxY] in EPSG:3857. */
export type Extent = [number, number, number, number];

const BUFFER = 64 / 4096;

interface Key {
  layer: string;
  variant: string;
  z: number;
  x: number;
  y: number;
}

const keyOf = ({ layer, variant, z, x, y }: Key) => `${layer}|${variant}|${z}/${x}/${y}`;

function parseKey(key: string): Key {
  const [layer, variant, zxy] = key.split('|') as [string, string, string];
  const [z, x, y] = zxy.split('/').map(Number) as [number, number, number];
  return { layer, variant, z, x, y };
}

function touches(key: Key, extent: Extent): boolean {
  const [minX, minY, maxX, maxY] = tileBounds(key);
  const margin = (maxX - minX) * BUFFER;
  return (
    minX - margin <= extent[2] &&
    maxX + margin >= extent[0] &&
    minY - margin <= extent[3] &&
    maxY + margin >= extent[1]
  );
}

export class TileCache {
  private readonly lru: LRUCache<string, CacheEntry>;
  /** Bumped per layer on each invalidation: a render that started before it must not be stored after it. */
  private readonly generations = new Map<string, number>();

  constructor(maxBytes: number) {
    this.lru = new LRUCache<string, CacheEntry>({
      maxSize: Math.max(1, maxBytes),
      sizeCalculation: (entry) => (entry === 'empty' ? 64 : entry.gzipped.length + entry.raw.length + 128),
    });
  }

  generation(layer: string): number {
    return this.generations.get(layer) ?? 0;
  }

  get(key: Key): CacheEntry | undefined {
    return this.lru.get(keyOf(key));
  }

  /** Stores a render unless its layer was invalidated since the render began (`generation` then). */
  set(key: Key, entry: CacheEntry, generation: number): void {
    if (this.generation(key.layer) === generation) this.lru.set(keyOf(key), entry);
  }

  /** Drops the layer's tiles meeting the extent, or all its tiles when the extent is null. Returns how many. */
  invalidate(layer: string, extent: Extent | null): number {
    this.generations.set(layer, this.generation(layer) + 1);
    let dropped = 0;
    for (const key of [...this.lru.keys()]) {
      const parsed = parseKey(key);
      if (parsed.layer === layer && (extent === null || touches(parsed, extent))) {
        this.lru.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  /** Drops everything (e.g. after a bulk load rebuilt the aggregates). */
  clear(): void {
    for (const layer of new Set([...this.lru.keys()].map((key) => parseKey(key).layer))) {
      this.generations.set(layer, this.generation(layer) + 1);
    }
    this.lru.clear();
  }

  get size(): number {
    return this.lru.size;
  }
}
