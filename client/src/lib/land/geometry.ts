/**
 * What the editor checks while a parcel is drawn, before the server sees it (the server checks again, and its
 * word is final): area on the sphere in m² and 亩, self-intersections (turf kinks) and overlaps with the reserved
 * parcels around it (turf intersect, slivers under 1 m² along a shared edge ignored, as on the server).
 */
import { area, booleanIntersects, featureCollection, intersect, kinks, pointOnFeature } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/** 1 亩 = 10000/15 m² ≈ 666.67 m² (市制), as the server presents it. */
export const SQUARE_METRES_PER_MU = 10000 / 15;

export type Area = Polygon | MultiPolygon;

export interface Neighbour {
  id: number;
  parcel_no: string;
  parcel_name: string;
  status: string;
  geometry: Area;
}

export interface Fault {
  kind: 'kink' | 'overlap' | 'open';
  /** Where to show it: [lng, lat]. */
  at: Position;
  /** The parcel in the way, for an overlap. */
  parcel?: Pick<Neighbour, 'id' | 'parcel_no' | 'parcel_name'>;
  overlapM2?: number;
}

export interface Measure {
  m2: number;
  mu: number;
}

export function measure(geometry: Area): Measure {
  const m2 = area(geometry);
  return { m2, mu: m2 / SQUARE_METRES_PER_MU };
}

const feature = <G extends Area>(geometry: G): Feature<G> => ({ type: 'Feature', properties: {}, geometry });

/** A polygon still being drawn has fewer than 3 distinct corners. */
export function isOpen(geometry: Area): boolean {
  const rings =
    geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0]);
  return rings.some((ring) => !ring || new Set(ring.map((c) => `${c[0]},${c[1]}`)).size < 3);
}

/**
 * The faults of a drawn geometry: each self-intersection point, and each reserved neighbour (other than
 * `ignore`, e.g. the parcel being edited or split) it overlaps by more than 1 m².
 */
export function faultsOf(geometry: Area, neighbours: Neighbour[], ignore: number[] = []): Fault[] {
  if (isOpen(geometry)) return [];
  const faults: Fault[] = [];
  for (const point of kinks(feature(geometry)).features) {
    faults.push({ kind: 'kink', at: point.geometry.coordinates });
  }
  // Intersections of a self-intersecting polygon are unreliable; the kink is the fault to fix first.
  if (faults.length) return faults.slice(0, 5);
  const drawn = feature(geometry);
  for (const other of neighbours) {
    if (other.status !== 'reserved' || ignore.includes(other.id)) continue;
    const theirs = feature(other.geometry);
    if (!booleanIntersects(drawn, theirs)) continue;
    let shared: Feature<Area> | null;
    try {
      shared = intersect(featureCollection([drawn, theirs]));
    } catch {
      continue;
    }
    if (!shared) continue;
    const m2 = area(shared);
    if (m2 <= 1) continue;
    faults.push({
      kind: 'overlap',
      at: pointOnFeature(shared).geometry.coordinates,
      parcel: { id: other.id, parcel_no: other.parcel_no, parcel_name: other.parcel_name },
      overlapM2: m2,
    });
  }
  return faults;
}

/** A Polygon or MultiPolygon's outer rings and holes as lines, for snapping. */
export function ringsOf(geometry: Area): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** [minLng, minLat, maxLng, maxLat] of positions. */
export function boundsOf(positions: Position[]): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions) {
    w = Math.min(w, x!);
    s = Math.min(s, y!);
    e = Math.max(e, x!);
    n = Math.max(n, y!);
  }
  return [w, s, e, n];
}
