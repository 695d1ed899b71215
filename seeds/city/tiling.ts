/**
 * Region boundaries by Voronoi tiling, done in PostGIS so that children tile their parent exactly: the cells
 * of one diagram share their edges, and clipping every cell by the same parent boundary leaves neither gaps
 * nor overlaps. A child may own several seed points; its area is the union of their cells, which gives
 * irregular, natural-looking outlines.
 */
import type { Knex } from 'knex';
import { type Km, type KmMultiPolygon, multiPolygonFromGeoJson, toLonLat } from './geo.ts';

export interface RegionSeed {
  code: string;
  name: string;
  level: number;
  parent_code: string;
  /** The points whose Voronoi cells (within the parent) make up this region; the first is its centre. */
  points: Km[];
}

/**
 * Inserts the regions, each the union of its points' Voronoi cells clipped to its parent's boundary. Every
 * parent must already be in `regions`; all seeds of one parent must be in the same call.
 */
export async function insertTiledRegions(trx: Knex.Transaction, seeds: RegionSeed[]): Promise<void> {
  if (seeds.length === 0) return;
  const points = seeds.flatMap((seed) =>
    seed.points.map((p) => {
      const [x, y] = toLonLat(p);
      return { code: seed.code, parent_code: seed.parent_code, x, y };
    }),
  );
  const regions = seeds.map(({ code, name, level, parent_code }) => ({ code, name, level, parent_code }));
  await trx.raw(
    `WITH seed AS (
       SELECT s.code, s.parent_code, ST_SetSRID(ST_MakePoint(s.x, s.y), 4490) AS pt
       FROM json_to_recordset(?::json) AS s(code text, parent_code text, x float8, y float8)
     ),
     per_parent AS (
       SELECT parent_code, ST_Collect(pt) AS pts FROM seed GROUP BY parent_code
     ),
     -- The diagram is extended to the parent's bounding box, so its cells cover the whole parent.
     -- A lone seed has no diagram: its cell is the whole parent.
     cell AS (
       SELECT p.parent_code, d.geom AS cell
       FROM per_parent p
       JOIN regions r ON r.code = p.parent_code
       CROSS JOIN LATERAL ST_Dump(ST_VoronoiPolygons(p.pts, 0, r.boundary)) d
       WHERE ST_NumGeometries(p.pts) > 1
       UNION ALL
       SELECT p.parent_code, r.boundary
       FROM per_parent p
       JOIN regions r ON r.code = p.parent_code
       WHERE ST_NumGeometries(p.pts) = 1
     ),
     -- Each seed lies strictly inside its own cell (seeds are distinct), which names the cell's owner.
     owned AS (
       SELECT s.code, ST_Union(c.cell) AS area
       FROM cell c JOIN seed s ON s.parent_code = c.parent_code AND ST_Intersects(c.cell, s.pt)
       GROUP BY s.code
     )
     INSERT INTO regions (code, name, level, parent_code, boundary)
     SELECT m.code, m.name, m.level, m.parent_code,
            ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Intersection(o.area, r.boundary)), 3))
     FROM json_to_recordset(?::json) AS m(code text, name text, level int, parent_code text)
     JOIN owned o ON o.code = m.code
     JOIN regions r ON r.code = m.parent_code
     ORDER BY m.code`,
    [JSON.stringify(points), JSON.stringify(regions)],
  );
}

/** Boundaries of the regions at a level (km coordinates), keyed by code, in code order. */
export async function loadBoundaries(
  trx: Knex.Transaction,
  level: number,
): Promise<Map<string, KmMultiPolygon>> {
  const { rows } = await trx.raw<{ rows: { code: string; geojson: string }[] }>(
    `SELECT code, ST_AsGeoJSON(boundary, 9) AS geojson FROM regions WHERE level = ? ORDER BY code`,
    [level],
  );
  return new Map(rows.map((row) => [row.code, multiPolygonFromGeoJson(row.geojson)]));
}
