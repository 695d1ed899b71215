import { describe, expect, it } from 'vitest';
import { parseTile, tileBounds } from './coords.ts';

describe('parseTile', () => {
  it('reads z/x/y.mvt', () => {
    expect(parseTile('12', '3456', '1432.mvt')).toEqual({ z: 12, x: 3456, y: 1432 });
    expect(parseTile('0', '0', '0.pbf')).toEqual({ z: 0, x: 0, y: 0 });
  });
  it('refuses impossible coordinates with a reason', () => {
    for (const [z, x, y] of [
      ['23', '0', '0.mvt'],
      ['2', '4', '0.mvt'],
      ['2', '0', '4.mvt'],
      ['-1', '0', '0.mvt'],
      ['1', '0', '0.png'],
      ['1', '0.5', '0.mvt'],
      ['z', '0', '0.mvt'],
    ]) {
      expect(parseTile(z!, x!, y!), `${z}/${x}/${y}`).toHaveProperty('error');
    }
  });
});

describe('tileBounds', () => {
  it('covers the world at z0 and quarters it at z1', () => {
    const world = tileBounds({ z: 0, x: 0, y: 0 });
    expect(world[0]).toBeCloseTo(-20037508.34, 1);
    expect(world[3]).toBeCloseTo(20037508.34, 1);
    expect(tileBounds({ z: 1, x: 1, y: 0 })).toEqual([0, 0, world[2], world[3]]);
  });
});
