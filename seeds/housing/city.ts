/**
 * What the housing generator needs of the demo city, read back from the database: districts, streets and
 * communities with their boundaries (km for placement, lon/lat for geocoding households), and the roads.
 */
import type { Knex } from 'knex';
import { type Km, type KmMultiPolygon, contains, multiPolygonFromGeoJson, toKm } from '../city/geo.ts';
import { CITY, DISTRICTS, type DistrictSpec } from '../city/harbin.ts';

interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface District {
  code: string;
  code6: string;
  name: string;
  spec: DistrictSpec;
  shape: KmMultiPolygon;
}

export interface Community {
  code: string;
  name: string;
  /** 社区 (serial 001–199) rather than 村 (201–399). */
  urban: boolean;
  streetName: string;
  district: District;
  shape: KmMultiPolygon;
  box: Box;
  /** The boundary in lon/lat exactly as stored, so a point sampled inside it is inside for PostGIS too. */
  lonLat: KmMultiPolygon;
  lonLatBox: Box;
  /** ST_PointOnSurface of the boundary (lon/lat): where a household geocoded only to its community goes. */
  label: [number, number];
}

export type RoadClass = 'expressway' | 'arterial' | 'secondary' | 'local';

export interface Road {
  name: string;
  roadClass: RoadClass;
  lines: Km[][];
}

export interface CityContext {
  districts: District[];
  communities: Community[];
  roads: Road[];
  communityAt(p: Km): Community | undefined;
  districtAt(p: Km): District | undefined;
}

function boxOf(shape: KmMultiPolygon): Box {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const polygon of shape)
    for (const [x, y] of polygon[0] ?? []) {
      box.minX = Math.min(box.minX, x);
      box.minY = Math.min(box.minY, y);
      box.maxX = Math.max(box.maxX, x);
      box.maxY = Math.max(box.maxY, y);
    }
  return box;
}

const inBox = (b: Box, [x, y]: Km) => x >= b.minX && x <= b.maxX && y >= b.minY && y <= b.maxY;

interface RegionRow {
  code: string;
  name: string;
  level: number;
  parent_code: string;
  geojson: string;
  lx: number;
  ly: number;
}

export async function loadCity(db: Knex): Promise<CityContext> {
  const prefix = CITY.code.slice(0, 4);
  const { rows: regions } = await db.raw<{ rows: RegionRow[] }>(
    `SELECT code, name, level, parent_code, ST_AsGeoJSON(boundary, 15) AS geojson,
            ST_X(label_point) AS lx, ST_Y(label_point) AS ly
     FROM regions WHERE level >= 3 AND code LIKE ? ORDER BY code`,
    [`${prefix}%`],
  );
  const districts: District[] = [];
  for (const spec of DISTRICTS) {
    const row = regions.find((r) => r.code === `${spec.code6}000000`);
    if (!row) throw new Error(`the demo city has no district ${spec.name}: seed the city first`);
    districts.push({
      code: row.code,
      code6: spec.code6,
      name: row.name,
      spec,
      shape: multiPolygonFromGeoJson(row.geojson),
    });
  }
  const streetNames = new Map(regions.filter((r) => r.level === 4).map((r) => [r.code, r.name]));
  const communities = regions
    .filter((r) => r.level === 5)
    .map((r): Community => {
      const lonLat = (JSON.parse(r.geojson) as { coordinates: KmMultiPolygon }).coordinates;
      const shape = lonLat.map((polygon) => polygon.map((ring) => ring.map((p) => toKm(p))));
      const district = districts.find((d) => d.code6 === r.code.slice(0, 6));
      if (!district) throw new Error(`community ${r.code} is in no known district`);
      return {
        code: r.code,
        name: r.name,
        urban: Number(r.code.slice(9)) < 200,
        streetName: streetNames.get(r.parent_code) ?? '',
        district,
        shape,
        box: boxOf(shape),
        lonLat,
        lonLatBox: boxOf(lonLat),
        label: [r.lx, r.ly],
      };
    });

  const { rows: roadRows } = await db.raw<{
    rows: { name: string; road_class: RoadClass; geojson: string }[];
  }>(
    `SELECT name, road_class, ST_AsGeoJSON(geom, 9) AS geojson FROM roads WHERE region_code LIKE ? ORDER BY id`,
    [`${prefix}%`],
  );
  const roads = roadRows.map((r) => ({
    name: r.name,
    roadClass: r.road_class,
    lines: (JSON.parse(r.geojson) as { coordinates: [number, number][][] }).coordinates.map((line) =>
      line.map((p) => toKm(p)),
    ),
  }));

  const districtBoxes = districts.map((d) => boxOf(d.shape));
  return {
    districts,
    communities,
    roads,
    communityAt: (p) => communities.find((c) => inBox(c.box, p) && contains(c.shape, p)),
    districtAt: (p) => districts.find((d, i) => inBox(districtBoxes[i] as Box, p) && contains(d.shape, p)),
  };
}
