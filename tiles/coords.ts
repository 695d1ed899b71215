/** Tile coordinates: parsing `{z}/{x}/{y}.mvt` and the tile's Web Mercator bounds. Pure functions. */

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

export const MAX_ZOOM = 22;

/**
 * Parses path parts into a tile coordinate, or returns why they are not one (400 material): integers only,
 * 0 ≤ z ≤ 22, 0 ≤ x, y < 2^z, extension `.mvt` or `.pbf`.
 */
export function parseTile(z: string, x: string, yWithExt: string): TileCoord | { error: string } {
  const match = /^(\d{1,8})\.(mvt|pbf)$/.exec(yWithExt);
  if (!match) return { error: '切片路径须为 {z}/{x}/{y}.mvt' };
  if (!/^\d{1,2}$/.test(z) || !/^\d{1,8}$/.test(x)) return { error: '切片坐标须为非负整数' };
  const tile = { z: Number(z), x: Number(x), y: Number(match[1]) };
  if (tile.z > MAX_ZOOM) return { error: `缩放级别须在 0-${MAX_ZOOM} 之间` };
  const size = 2 ** tile.z;
  if (tile.x >= size || tile.y >= size) return { error: `缩放级别 ${tile.z} 的切片行列号须小于 ${size}` };
  return tile;
}

const HALF = 20037508.342789244;

/** The tile's extent in EPSG:3857 as [minX, minY, maxX, maxY]. */
export function tileBounds({ z, x, y }: TileCoord): [number, number, number, number] {
  const span = (2 * HALF) / 2 ** z;
  return [-HALF + x * span, HALF - (y + 1) * span, -HALF + (x + 1) * span, HALF - y * span];
}

/** The tile holding a longitude/latitude at a zoom. */
export function tileAt(lng: number, lat: number, z: number): TileCoord {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  const x = Math.floor(((lng + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n);
  return { z, x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) };
}
