/**
 * Planar helpers for the generator. It thinks in km east/north of the city centre (a local equirectangular
 * projection, accurate enough over 70 km) and converts to CGCS2000 lon/lat only for the database.
 */
import type { Prng } from '../prng.ts';
import { CENTRE_LON_LAT } from './harbin.ts';

/** [x km east, y km north] of the centre. */
export type Km = [number, number];
/** GeoJSON MultiPolygon coordinates in km: polygons → rings → points. */
export type KmMultiPolygon = Km[][][];

const [CENTRE_LON, CENTRE_LAT] = CENTRE_LON_LAT;
const KM_PER_DEG_LAT = 111.13;
const KM_PER_DEG_LON = 111.32 * Math.cos((CENTRE_LAT * Math.PI) / 180);

/** Lon/lat rounded to 1e-7° (about 1 cm), so WKT stays short and repeatable. */
export function toLonLat([x, y]: Km): [number, number] {
  const round = (v: number) => Math.round(v * 1e7) / 1e7;
  return [round(CENTRE_LON + x / KM_PER_DEG_LON), round(CENTRE_LAT + y / KM_PER_DEG_LAT)];
}

export function toKm([lon, lat]: [number, number]): Km {
  return [(lon - CENTRE_LON) * KM_PER_DEG_LON, (lat - CENTRE_LAT) * KM_PER_DEG_LAT];
}

export const distance = (a: Km, b: Km) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** A GeoJSON MultiPolygon (from ST_AsGeoJSON) converted to km. */
export function multiPolygonFromGeoJson(json: string): KmMultiPolygon {
  const geometry = JSON.parse(json) as { type: string; coordinates: [number, number][][][] };
  if (geometry.type !== 'MultiPolygon') throw new Error(`expected a MultiPolygon, got ${geometry.type}`);
  return geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(toKm)));
}

/** Even–odd ray casting over every ring: holes and the parts of a multipolygon both come out right. */
export function contains(shape: KmMultiPolygon, [x, y]: Km): boolean {
  let inside = false;
  for (const polygon of shape) {
    for (const ring of polygon) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i] as Km;
        const [xj, yj] = ring[j] as Km;
        if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

function bounds(shape: KmMultiPolygon): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of shape) {
    for (const [x, y] of polygon[0] ?? []) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  return { minX, minY, maxX, maxY };
}

/** A uniformly random point inside the shape (rejection sampling in its bounding box), or undefined. */
export function randomPointIn(prng: Prng, shape: KmMultiPolygon): Km | undefined {
  const b = bounds(shape);
  for (let attempt = 0; attempt < 2000; attempt++) {
    const p: Km = [prng.range(b.minX, b.maxX), prng.range(b.minY, b.maxY)];
    if (contains(shape, p)) return p;
  }
  return undefined;
}

/**
 * Well-spread points inside a shape (Mitchell's best-candidate): each new point is the candidate farthest
 * from those already placed, measured in units of the local spacing, so `spacing` can make some areas denser.
 * Evenly spread seeds give Voronoi cells of similar size, with no slivers. Returns fewer points only if the
 * shape is too small to sample.
 */
export function spreadPoints(
  prng: Prng,
  shape: KmMultiPolygon,
  count: number,
  options: { candidates?: number; spacing?: (p: Km) => number; existing?: Km[] } = {},
): Km[] {
  const { candidates = 12, spacing = () => 1, existing = [] } = options;
  const placed: Km[] = [];
  for (let i = 0; i < count; i++) {
    let best: Km | undefined;
    let bestScore = -Infinity;
    for (let c = 0; c < candidates; c++) {
      const p = randomPointIn(prng, shape);
      if (!p) continue;
      let nearest = Infinity;
      for (const q of existing) nearest = Math.min(nearest, distance(p, q));
      for (const q of placed) nearest = Math.min(nearest, distance(p, q));
      const score = nearest / spacing(p);
      if (score > bestScore) {
        best = p;
        bestScore = score;
      }
    }
    if (!best) break;
    placed.push(best);
  }
  return placed;
}

/** A closed, wobbly ring around `centre`: radius(θ) is an ellipse times smooth random harmonics. */
export function wobblyRing(
  prng: Prng,
  options: { centre?: Km; radiusX: number; radiusY: number; vertices: number; roughness: number },
  shape: (angle: number) => number = () => 1,
): Km[] {
  const { centre = [0, 0], radiusX, radiusY, vertices, roughness } = options;
  const harmonics = [2, 3, 5, 7].map((k) => ({
    k,
    phase: prng.range(0, 2 * Math.PI),
    amp: prng.range(0.3, 1) / k,
  }));
  const ring: Km[] = [];
  for (let i = 0; i < vertices; i++) {
    const angle = (2 * Math.PI * i) / vertices;
    let wobble = 0;
    for (const h of harmonics) wobble += h.amp * Math.sin(h.k * angle + h.phase);
    const r = (1 + roughness * wobble) * shape(angle);
    ring.push([centre[0] + radiusX * r * Math.cos(angle), centre[1] + radiusY * r * Math.sin(angle)]);
  }
  ring.push(ring[0] as Km);
  return ring;
}

/** A polyline from a to b with gentle sideways jitter on its inner vertices (roads are never ruler-straight). */
export function wobblyLine(
  prng: Prng,
  a: Km,
  b: Km,
  options: { segmentKm?: number; jitterKm?: number } = {},
): Km[] {
  const { segmentKm = 1.5, jitterKm = 0.08 } = options;
  const length = distance(a, b);
  const steps = Math.max(1, Math.ceil(length / segmentKm));
  const nx = -(b[1] - a[1]) / (length || 1);
  const ny = (b[0] - a[0]) / (length || 1);
  const line: Km[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const offset = i === 0 || i === steps ? 0 : prng.normal(0, jitterKm);
    line.push([a[0] + (b[0] - a[0]) * t + nx * offset, a[1] + (b[1] - a[1]) * t + ny * offset]);
  }
  return line;
}

const wktPoints = (points: Km[]) => points.map((p) => toLonLat(p).join(' ')).join(', ');

export const polygonWkt = (ring: Km[]) => `MULTIPOLYGON(((${wktPoints(ring)})))`;
export const lineWkt = (lines: Km[][]) =>
  `MULTILINESTRING(${lines.map((l) => `(${wktPoints(l)})`).join(', ')})`;
