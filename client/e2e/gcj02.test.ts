/**
 * The GCJ-02 warp's arithmetic (client/src/lib/map/gcj02.ts): every pixel of a WGS84 tile shows what the GCJ-02
 * provider draws at that place.
 */
import gcoordModule from 'gcoord';
import { describe, expect, it } from 'vitest';
import { gcj02Cover, lonLatOfPixel, tileUrl, worldPixel } from '../src/lib/map/gcj02.ts';

const gcoord = gcoordModule as unknown as (typeof gcoordModule)['default'];

/** The tile holding a lon/lat at zoom z. */
function tileOf(lonLat: [number, number], z: number): [number, number] {
  const [px, py] = worldPixel(lonLat, z);
  return [Math.floor(px / 256), Math.floor(py / 256)];
}

describe('GCJ-02 tile cover', () => {
  it('converts between lon/lat and global pixels both ways', () => {
    const harbin: [number, number] = [126.63, 45.75];
    const back = lonLatOfPixel(worldPixel(harbin, 15), 15);
    expect(back[0]).toBeCloseTo(126.63, 9);
    expect(back[1]).toBeCloseTo(45.75, 9);
    expect(worldPixel([0, 0], 0)).toEqual([128, 128]);
  });

  it('places every GCJ-02 source pixel where its WGS84 place is, within half a pixel, in Harbin at z16', () => {
    const z = 16;
    const [x, y] = tileOf([126.63, 45.75], z);
    const cover = gcj02Cover(z, x, y);
    // Harbin's GCJ-02 offset is several hundred metres: a couple of hundred pixels at z16 (1.67 m/px).
    const metres = Math.hypot(...cover.shift) * 1.67;
    expect(metres).toBeGreaterThan(200);
    expect(metres).toBeLessThan(800);
    expect(cover.tiles.length).toBeGreaterThanOrEqual(2);
    expect(cover.tiles.length).toBeLessThanOrEqual(4);
    for (const [u, v] of [
      [0, 0],
      [255, 0],
      [0, 255],
      [255, 255],
      [128, 77],
    ] as const) {
      const wgs = lonLatOfPixel([x * 256 + u + 0.5, y * 256 + v + 0.5], z);
      const [gx, gy] = worldPixel(gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02), z);
      const source = cover.tiles.find((t) => t.x === Math.floor(gx / 256) && t.y === Math.floor(gy / 256));
      expect(source, `pixel ${u},${v}`).toBeDefined();
      expect(source!.left + (gx - source!.x * 256)).toBeCloseTo(u + 0.5, 0);
      expect(Math.abs(source!.left + (gx - source!.x * 256) - (u + 0.5))).toBeLessThan(0.5);
      expect(Math.abs(source!.top + (gy - source!.y * 256) - (v + 0.5))).toBeLessThan(0.5);
    }
  });

  it('shifts GCJ-02 content south-west onto the WGS84 tile (GCJ-02 lies north-east of WGS84 in Harbin)', () => {
    const z = 14;
    const [x, y] = tileOf([126.63, 45.75], z);
    const { shift, tiles } = gcj02Cover(z, x, y);
    expect(shift[0]).toBeGreaterThan(0); // GCJ-02 is east …
    expect(shift[1]).toBeLessThan(0); // … and north (y down)
    // The first source tile starts at or above-left of the corner; together they cover the whole tile.
    expect(tiles[0]!.left).toBeLessThanOrEqual(0);
    expect(tiles[0]!.top).toBeLessThanOrEqual(0);
    expect(tiles.every((t) => Math.abs(t.left) < 256 && Math.abs(t.top) < 256)).toBe(true);
    expect(Math.max(...tiles.map((t) => t.left + 256))).toBeGreaterThanOrEqual(256);
    expect(Math.max(...tiles.map((t) => t.top + 256))).toBeGreaterThanOrEqual(256);
  });

  it('leaves tiles outside China as they are: one source tile at the same place', () => {
    const z = 12;
    const [x, y] = tileOf([2.35, 48.85], z);
    expect(gcj02Cover(z, x, y)).toEqual({ shift: [0, 0], tiles: [{ x, y, left: 0, top: 0 }] });
  });

  it('spreads requests over the templates (hosts) and fills z/x/y', () => {
    const templates = ['https://a.example/{z}/{x}/{y}.png', 'https://b.example/{z}/{x}/{y}.png'];
    expect(tileUrl(templates, { x: 3, y: 4 }, 5)).toBe('https://b.example/5/3/4.png');
    expect(tileUrl(templates, { x: 3, y: 5 }, 5)).toBe('https://a.example/5/3/5.png');
  });
});
