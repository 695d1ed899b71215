/** SQL for administrative regions. Regions are reference data: public, not region-scoped. */
import type { Db, Tx } from '../db/knex.ts';

type Conn = Db | Tx;

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
}

const COLUMNS = ['code', 'name', 'level', 'parent_code'] as const;

export function listRegions(
  conn: Conn,
  filter: { parent?: string; level?: number; q?: string },
): Promise<RegionRow[]> {
  const query = conn('regions')
    .select(...COLUMNS)
    .orderBy('code');
  if (filter.parent) query.where('parent_code', filter.parent);
  if (filter.level) query.where('level', filter.level);
  if (filter.q) query.whereILike('name', `%${filter.q}%`);
  return query.limit(5000);
}

export function findRegion(conn: Conn, code: string): Promise<RegionRow | undefined> {
  return conn('regions')
    .select(...COLUMNS)
    .where({ code })
    .first();
}

/** The chain from the root down to the region itself. */
export async function ancestorsOf(conn: Conn, code: string): Promise<RegionRow[]> {
  const { rows } = await conn.raw<{ rows: RegionRow[] }>(
    `WITH RECURSIVE chain AS (
       SELECT code, name, level, parent_code FROM regions WHERE code = ?
       UNION ALL
       SELECT r.code, r.name, r.level, r.parent_code FROM regions r JOIN chain c ON r.code = c.parent_code
     ) SELECT * FROM chain ORDER BY level`,
    [code],
  );
  return rows;
}

// Simplify in the stored degrees: ~0.0005° ≈ 50 m is invisible at a district-level zoom; finer levels get less.
const TOLERANCE_BY_LEVEL: Record<number, number> = { 1: 0.005, 2: 0.002, 3: 0.0005, 4: 0.0002, 5: 0.00005 };

/** Boundaries as one GeoJSON FeatureCollection text, built by PostGIS (no per-feature work in Node). */
export async function boundariesGeoJson(
  conn: Conn,
  filter: { level: number; parent?: string },
): Promise<string> {
  const { rows } = await conn.raw<{ rows: { fc: string }[] }>(
    `SELECT json_build_object(
       'type', 'FeatureCollection',
       'features', coalesce(json_agg(json_build_object(
         'type', 'Feature',
         'id', code::bigint,
         'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(boundary, ?), 6)::json,
         'properties', json_build_object('code', code, 'name', name, 'level', level, 'parent_code', parent_code,
                                         'label_lng', round(ST_X(label_point)::numeric, 6),
                                         'label_lat', round(ST_Y(label_point)::numeric, 6))
       ) ORDER BY code), '[]'::json))::text AS fc
     FROM regions WHERE level = ? AND boundary IS NOT NULL AND (?::text IS NULL OR parent_code = ?)`,
    [TOLERANCE_BY_LEVEL[filter.level] ?? 0.0001, filter.level, filter.parent ?? null, filter.parent ?? null],
  );
  return rows[0]!.fc;
}

/** Codes among `codes` that do not exist. */
export async function unknownRegionCodes(conn: Conn, codes: string[]): Promise<string[]> {
  const found = new Set((await conn('regions').whereIn('code', codes).pluck('code')) as string[]);
  return codes.filter((code) => !found.has(code));
}
