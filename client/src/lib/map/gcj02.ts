/**
 * GCJ-02 raster tiles on a WGS84 map, the arithmetic: a GCJ-02 provider draws a place at its GCJ-02
 * coordinates, which lie 300–500 m from the WGS84/CGCS2000 ones our data uses. For each WGS84 tile the map asks
 * for, the offset at the tile's centre (from gcoord; it varies by well under a pixel across a tile at city
 * zooms) says which GCJ-02 tiles cover it and where each is drawn. Pure, so it is unit-tested
 * (client/e2e/gcj02.test.ts); gcj02Protocol.ts does the fetching and drawing.
 */
import gcoordModule from 'gcoord';

interface Gcoord {
  transform(position: [number, number], from: string, to: string): [number, number];
}
// gcoord's ES build exports the object as default; its CommonJS build (Node, the tests) is that object itself.
const loaded = gcoordModule as unknown as Gcoord & { default?: Gcoord };
const gcoord: Gcoord = loaded.default ?? loaded;

export const TILE_SIZE = 256;

/** Global pixel coordinates of a lon/lat at zoom z (Web Mercator, y down). */
export function worldPixel([lon, lat]: [number, number], z: number): [number, number] {
  const size = TILE_SIZE * 2 ** z;
  const sin = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * size, (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size];
}

/** Lon/lat of a global pixel at zoom z. */
export function lonLatOfPixel([px, py]: [number, number], z: number): [number, number] {
  const size = TILE_SIZE * 2 ** z;
  const lon = (px / size) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * py) / size;
  return [lon, (180 / Math.PI) * Math.atan(Math.sinh(n))];
}

export interface SourceTile {
  x: number;
  y: number;
  /** Where its top-left corner goes on the WGS84 tile, in pixels (≤ 0). */
  left: number;
  top: number;
}

export interface Gcj02Cover {
  /** GCJ-02 minus WGS84 position of the tile centre, in pixels at this zoom (x east, y down). */
  shift: [number, number];
  /** The one to four GCJ-02 tiles to draw. */
  tiles: SourceTile[];
}

/** Which GCJ-02 tiles cover WGS84 tile z/x/y and where they go. Outside China gcoord leaves points as they are. */
export function gcj02Cover(z: number, x: number, y: number): Gcj02Cover {
  const centre: [number, number] = [(x + 0.5) * TILE_SIZE, (y + 0.5) * TILE_SIZE];
  const wgs = lonLatOfPixel(centre, z);
  const gcj = worldPixel(gcoord.transform(wgs, 'WGS84', 'GCJ02'), z);
  const shift: [number, number] = [gcj[0] - centre[0], gcj[1] - centre[1]];
  // The WGS84 tile's top-left corner, as a GCJ-02 global pixel.
  const [ox, oy] = [x * TILE_SIZE + shift[0], y * TILE_SIZE + shift[1]];
  const count = 2 ** z;
  const tiles: SourceTile[] = [];
  const first = [Math.floor(ox / TILE_SIZE), Math.floor(oy / TILE_SIZE)] as const;
  const last = [
    Math.ceil((ox + TILE_SIZE) / TILE_SIZE) - 1,
    Math.ceil((oy + TILE_SIZE) / TILE_SIZE) - 1,
  ] as const;
  for (let ty = first[1]; ty <= last[1]; ty++) {
    if (ty < 0 || ty >= count) continue;
    for (let tx = first[0]; tx <= last[0]; tx++) {
      tiles.push({
        x: ((tx % count) + count) % count,
        y: ty,
        left: tx * TILE_SIZE - ox,
        top: ty * TILE_SIZE - oy,
      });
    }
  }
  return { shift, tiles };
}

/** A template's URL for a tile; several templates (hosts) are used in turn, as MapLibre does. */
export function tileUrl(templates: string[], { x, y }: { x: number; y: number }, z: number): string {
  const template = templates[(x + y) % templates.length] ?? '';
  return template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
}
