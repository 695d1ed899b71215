/**
 * Where a record may be: its region code must exist and lie in the user's scope, and its geometry must be valid,
 * inside the city (the union of its level-2 regions) and inside the record's region — which lies in the user's
 * scope, so a district planner cannot draw in another district. Faults are 400s that name the field, the reason
 * and a point where the geometry goes wrong.
 */
import type { Db, Tx } from '../db/knex.ts';
import { inScope, type Scope } from '../access/scope.ts';
import { fieldError, validationFailed } from '../http/errors.ts';
import { unknownRegionCodes } from '../regions/store.ts';

/** An unknown code and one outside the scope get the same answer, so the message reveals nothing. */
export const REGION_UNUSABLE = '行政区划代码不存在或不在您的管辖范围内';

export async function assertRegionUsable(
  conn: Db | Tx,
  scope: Scope,
  code: string,
  path: string,
): Promise<void> {
  if (!inScope(scope, code) || (await unknownRegionCodes(conn, [code])).length) {
    throw fieldError(path, REGION_UNUSABLE);
  }
}

/**
 * SQL: a point (WKT, 6 decimals) of the part of `g` outside `area`, or NULL when `g` lies inside it. Slivers under
 * 1 m² along a shared edge are floating-point noise, not faults; a point outside is always one.
 */
export const outsidePointSql = (g: string, area: string) => `CASE
  WHEN ${area} IS NULL OR ST_CoveredBy(${g}, ${area}) THEN NULL
  ELSE (SELECT CASE WHEN ST_IsEmpty(d) OR (ST_Dimension(d) > 0 AND ST_Area(d::geography) <= 1) THEN NULL
                    ELSE ST_AsText(ST_PointOnSurface(d), 6) END
          FROM ST_Difference(${g}, ${area}) AS d)
  END`;

/** SQL: the union of the level-2 regions (cities) of a region code's province prefix, and their names. */
const CITY_OF = (
  code: string,
) => `(SELECT ST_Union(boundary) AS boundary, string_agg(name, '、' ORDER BY code) AS name
    FROM regions WHERE level = 2 AND code LIKE left(${code}, 4) || '%')`;

/**
 * Checks the geometry a write left on `table` row `id` (inside the write transaction, so a fault rolls the
 * write back): inside the city of the row's region, then inside the row's region itself.
 */
export async function assertStoredPlacement(trx: Tx, table: string, id: number, path: string): Promise<void> {
  const { rows } = await trx.raw<{
    rows: { city: string; region: string; outside_city: string | null; outside_region: string | null }[];
  }>(
    `SELECT city.name AS city, r.name AS region,
            ${outsidePointSql('t.geom', 'city.boundary')} AS outside_city,
            ${outsidePointSql('t.geom', 'r.boundary')} AS outside_region
       FROM ?? t JOIN regions r ON r.code = t.region_code, LATERAL ${CITY_OF('t.region_code')} city
      WHERE t.id = ? AND t.geom IS NOT NULL`,
    [table, id],
  );
  const row = rows[0];
  if (row?.outside_city) {
    throw validationFailed([
      { path, message: `几何图形超出${row.city}范围（不在本市行政区域内），位置 ${row.outside_city}` },
    ]);
  }
  if (row?.outside_region) {
    throw validationFailed([
      { path, message: `几何图形超出${row.region}范围（须位于所属行政区划内），位置 ${row.outside_region}` },
    ]);
  }
}
