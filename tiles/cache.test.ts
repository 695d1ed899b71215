import { describe, expect, it } from 'vitest';
import { TileCache, type CachedTile } from './cache.ts';
import { tileBounds } from './coords.ts';

const tile = (bytes: number): CachedTile => ({
  raw: Buffer.alloc(bytes),
  gzipped: Buffer.alloc(bytes),
  etag: '"x"',
});

describe('TileCache', () => {
  it('drops only the tiles of the layer whose extent meets the change, at every zoom and variant', () => {
    const cache = new TileCache(10_000_000);
    const near = { z: 14, x: 13970, y: 5840 };
    const far = { z: 14, x: 13990, y: 5860 };
    const parent = { z: 10, x: 873, y: 365 }; // contains `near`
    for (const [variant, t] of [
      ['a', near],
      ['b', near],
      ['a', far],
      ['a', parent],
    ] as const) {
      cache.set({ layer: 'units', variant, ...t }, tile(100), cache.generation('units'));
    }
    cache.set({ layer: 'projects', variant: 'a', ...near }, tile(100), 0);
    const [minX, minY, maxX, maxY] = tileBounds(near);
    const centre: [number, number, number, number] = [
      (minX + maxX) / 2,
      (minY + maxY) / 2,
      (minX + maxX) / 2,
      (minY + maxY) / 2,
    ];

    expect(cache.invalidate('units', centre)).toBe(3);
    expect(cache.get({ layer: 'units', variant: 'a', ...near })).toBeUndefined();
    expect(cache.get({ layer: 'units', variant: 'b', ...near })).toBeUndefined();
    expect(cache.get({ layer: 'units', variant: 'a', ...parent })).toBeUndefined();
    expect(cache.get({ layer: 'units', variant: 'a', ...far })).toBeDefined();
    expect(cache.get({ layer: 'projects', variant: 'a', ...near })).toBeDefined();
  });

  it('does not store a render that began before an invalidation of its layer', () => {
    const cache = new TileCache(10_000_000);
    const key = { layer: 'households', variant: 'k', z: 12, x: 3490, y: 1460 };
    const startedAt = cache.generation('households');
    cache.invalidate('households', null);
    cache.set(key, tile(10), startedAt);
    expect(cache.get(key)).toBeUndefined();
    cache.set(key, tile(10), cache.generation('households'));
    expect(cache.get(key)).toBeDefined();
  });

  it('stays within its byte budget', () => {
    const cache = new TileCache(10_000);
    for (let i = 0; i < 100; i++)
      cache.set({ layer: 'roads', variant: 'all', z: 12, x: i, y: 0 }, tile(1000), 0);
    expect(cache.size).toBeLessThanOrEqual(5);
  });
});
