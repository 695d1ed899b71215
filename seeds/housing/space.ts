/**
 * Planar geometry for placing parcels, sites and buildings, in km east/north of the centre (seeds/city/geo.ts):
 * oriented rectangles, clearance from polygon edges and from road segments, and a register of occupied discs
 * that keeps everything placed apart.
 */
import { type Km, type KmMultiPolygon, contains, distance, toLonLat } from '../city/geo.ts';

/** A rectangle centred on `centre`, its u axis at `angle` (radians from east), half-sizes along u and v. */
export interface Rect {
  centre: Km;
  angle: number;
  halfU: number;
  halfV: number;
}

export const toWorld = (r: Rect, u: number, v: number): Km => {
  const c = Math.cos(r.angle);
  const s = Math.sin(r.angle);
  return [r.centre[0] + u * c - v * s, r.centre[1] + u * s + v * c];
};

const toLocal = (r: Rect, [x, y]: Km): Km => {
  const dx = x - r.centre[0];
  const dy = y - r.centre[1];
  const c = Math.cos(r.angle);
  const s = Math.sin(r.angle);
  return [dx * c + dy * s, -dx * s + dy * c];
};

/** Closed ring, anticlockwise; `shrink` (0–1 per corner) pulls corners towards the centre for irregular shapes. */
export function rectRing(r: Rect, shrink: readonly number[] = []): Km[] {
  const corners: Km[] = [
    [-r.halfU, -r.halfV],
    [r.halfU, -r.halfV],
    [r.halfU, r.halfV],
    [-r.halfU, r.halfV],
  ];
  const ring = corners.map(([u, v], i) => {
    const k = 1 - (shrink[i] ?? 0);
    return toWorld(r, u * k, v * k);
  });
  return [...ring, ring[0] as Km];
}

export const circumradius = (r: Rect) => Math.hypot(r.halfU, r.halfV);

export const grow = (r: Rect, by: number): Rect => ({ ...r, halfU: r.halfU + by, halfV: r.halfV + by });

/** Whether segment a–b comes within `margin` of the rectangle (Liang–Barsky clip against the grown box). */
export function rectHitsSegment(r: Rect, a: Km, b: Km, margin = 0): boolean {
  const [ax, ay] = toLocal(r, a);
  const [bx, by] = toLocal(r, b);
  const hu = r.halfU + margin;
  const hv = r.halfV + margin;
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  for (const [p, q] of [
    [-dx, ax + hu],
    [dx, hu - ax],
    [-dy, ay + hv],
    [dy, hv - ay],
  ] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

function segmentDistance(p: Km, a: Km, b: Km): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Distance from a point inside `shape` to its nearest edge (0 when outside). */
export function clearance(shape: KmMultiPolygon, p: Km): number {
  if (!contains(shape, p)) return 0;
  let nearest = Infinity;
  for (const polygon of shape)
    for (const ring of polygon)
      for (let i = 1; i < ring.length; i++)
        nearest = Math.min(nearest, segmentDistance(p, ring[i - 1] as Km, ring[i] as Km));
  return nearest;
}

/** Road segments bucketed in a 1 km grid, so a site only tests the segments near it. */
export class SegmentIndex {
  private readonly cells = new Map<string, [Km, Km][]>();
  private static readonly CELL_KM = 1;

  constructor(lines: Km[][]) {
    for (const line of lines)
      for (let i = 1; i < line.length; i++) this.add(line[i - 1] as Km, line[i] as Km);
  }

  private add(a: Km, b: Km): void {
    const size = SegmentIndex.CELL_KM;
    for (let x = Math.floor(Math.min(a[0], b[0]) / size); x <= Math.floor(Math.max(a[0], b[0]) / size); x++)
      for (
        let y = Math.floor(Math.min(a[1], b[1]) / size);
        y <= Math.floor(Math.max(a[1], b[1]) / size);
        y++
      ) {
        const key = `${x},${y}`;
        const cell = this.cells.get(key) ?? [];
        cell.push([a, b]);
        this.cells.set(key, cell);
      }
  }

  /** Whether any segment comes within `margin` of the rectangle. */
  hits(r: Rect, margin: number): boolean {
    const reach = circumradius(r) + margin;
    const size = SegmentIndex.CELL_KM;
    for (let x = Math.floor((r.centre[0] - reach) / size); x <= Math.floor((r.centre[0] + reach) / size); x++)
      for (
        let y = Math.floor((r.centre[1] - reach) / size);
        y <= Math.floor((r.centre[1] + reach) / size);
        y++
      )
        for (const [a, b] of this.cells.get(`${x},${y}`) ?? [])
          if (rectHitsSegment(r, a, b, margin)) return true;
    return false;
  }
}

/** Discs already taken by sites and parcels; a new shape fits when its disc keeps `gap` from all of them. */
export class Occupied {
  private readonly discs: { centre: Km; radius: number }[] = [];

  fits(centre: Km, radius: number, gap: number): boolean {
    return this.discs.every((d) => distance(d.centre, centre) >= d.radius + radius + gap);
  }

  take(centre: Km, radius: number): void {
    this.discs.push({ centre, radius });
  }
}

/** A ring (km) as a MULTIPOLYGON in CGCS2000 lon/lat. */
export const multiPolygonWkt = (ring: Km[]) =>
  `MULTIPOLYGON(((${ring.map((p) => toLonLat(p).join(' ')).join(', ')})))`;

/** Compass point (of 8) a direction (radians from east, anticlockwise) faces. */
export function compass(angle: number): 'E' | 'NE' | 'N' | 'NW' | 'W' | 'SW' | 'S' | 'SE' {
  const points = ['E', 'NE', 'N', 'NW', 'W', 'SW', 'S', 'SE'] as const;
  const index = Math.round((((angle % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI)) / (Math.PI / 4)) % 8;
  return points[index] as (typeof points)[number];
}

export const COMPASS_ZH = {
  E: '东',
  NE: '东北',
  N: '北',
  NW: '西北',
  W: '西',
  SW: '西南',
  S: '南',
  SE: '东南',
};

/** Area of a closed ring in km² (shoelace). */
export function ringAreaKm2(ring: Km[]): number {
  let twice = 0;
  for (let i = 1; i < ring.length; i++) {
    const [x0, y0] = ring[i - 1] as Km;
    const [x1, y1] = ring[i] as Km;
    twice += x0 * y1 - x1 * y0;
  }
  return Math.abs(twice) / 2;
}
