/**
 * Polygon rings for the export formats: RFC 7946 wants outer rings counter-clockwise, Shapefiles clockwise; CSV
 * carries the geometry as WKT.
 */
export type Ring = number[][];
export type Polygonal =
  { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };

/** Twice the signed area (shoelace): positive when counter-clockwise in x east / y north. */
function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 1; i < ring.length; i++)
    sum += ring[i - 1]![0]! * ring[i]![1]! - ring[i]![0]! * ring[i - 1]![1]!;
  return sum;
}

function orientPolygon(rings: Ring[], outer: 'ccw' | 'cw'): Ring[] {
  return rings.map((ring, i) => {
    // The outer ring turns one way, holes the other.
    const wantCcw = (i === 0) === (outer === 'ccw');
    return signedArea(ring) > 0 === wantCcw ? ring : [...ring].reverse();
  });
}

export function orient(geometry: Polygonal, outer: 'ccw' | 'cw'): Polygonal {
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: orientPolygon(geometry.coordinates, outer) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((p) => orientPolygon(p, outer)) };
}

const ringWkt = (ring: Ring) => `(${ring.map(([x, y]) => `${x} ${y}`).join(',')})`;
const polygonWkt = (rings: Ring[]) => `(${rings.map(ringWkt).join(',')})`;

export function toWkt(geometry: Polygonal): string {
  return geometry.type === 'Polygon'
    ? `POLYGON${polygonWkt(geometry.coordinates)}`
    : `MULTIPOLYGON(${geometry.coordinates.map(polygonWkt).join(',')})`;
}
