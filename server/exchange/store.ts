/** SQL of file exchange: the projected systems PostGIS knows, and reprojection to CGCS2000 longitude/latitude. */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { isoDate } from '../shared/rows.ts';
import { GEOMETRY_FROM_GEOJSON, geoJsonText } from '../shared/geometry.ts';
import type { Datum, ProjectedCrs } from './crs.ts';

type Conn = Db | Tx;

/**
 * CGCS2000 Gauss-Kruger (EPSG:4491-4554: 6° zones 13-23 and 3° zones 25-45, each with and without the zone
 * number in the false easting, and the same by central meridian) and WGS 84 / UTM zones 43N-53N (China).
 */
export async function projectedCandidates(conn: Conn): Promise<ProjectedCrs[]> {
  const { rows } = await conn.raw<{ rows: { srid: number; srtext: string; proj4text: string }[] }>(
    `SELECT srid, srtext, proj4text FROM spatial_ref_sys
      WHERE auth_name = 'EPSG' AND (srid BETWEEN 4491 AND 4554 OR srid BETWEEN 32643 AND 32653)
      ORDER BY srid`,
  );
  return rows.map((row) => {
    const params: Record<string, number> = {};
    for (const [, key, value] of row.proj4text.matchAll(/\+(\w+)=([-\d.]+)/g)) params[key!] = Number(value);
    // proj4 writes UTM by zone; its transverse Mercator parameters are fixed by the zone.
    if (/\+proj=utm/.test(row.proj4text))
      Object.assign(params, { lon_0: params.zone! * 6 - 183, lat_0: 0, k: 0.9996, x_0: 500000, y_0: 0 });
    const datum: Datum = /\+(datum|ellps)=WGS84/.test(row.proj4text) ? 'WGS84' : 'CGCS2000';
    return {
      srid: row.srid,
      name: /^\w+\["([^"]+)"/.exec(row.srtext)?.[1] ?? `EPSG:${row.srid}`,
      datum,
      params,
    };
  });
}

/** GeoJSON geometries in `srid` as CGCS2000 longitude/latitude (9 decimals, ~0.1 mm), in the same order. */
export async function transformToStorage(conn: Conn, geometries: string[], srid: number): Promise<object[]> {
  const { rows } = await conn.raw<{ rows: { geometry: object }[] }>(
    `SELECT ST_AsGeoJSON(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(g), ?), 4490), 9)::json AS geometry
       FROM unnest(?::text[]) WITH ORDINALITY AS t(g, n) ORDER BY n`,
    [srid, geometries],
  );
  return rows.map((row) => row.geometry);
}

/**
 * The deepest region in the scope, down to `maxLevel`, holding the middle of the geometry's bounding box (which
 * an invalid geometry has too); the create function then checks that the whole geometry lies inside it.
 */
export async function regionAt(
  conn: Conn,
  scope: Scope,
  geometry: object,
  maxLevel: number,
): Promise<string | undefined> {
  const { rows } = await conn.raw<{ rows: { code: string }[] }>(
    `SELECT r.code FROM regions r, ST_Centroid(ST_Envelope(${GEOMETRY_FROM_GEOJSON})) AS c
      WHERE r.code LIKE ? AND r.level BETWEEN 3 AND ? AND r.boundary && c AND ST_Covers(r.boundary, c)
      ORDER BY r.level DESC, r.code LIMIT 1`,
    [geoJsonText(geometry), `${scope.regionPrefix}%`, maxLevel],
  );
  return rows[0]?.code;
}

/** pg type oid of `date`: such values come back as local midnight and are written as YYYY-MM-DD. */
const DATE_OID = 1082;

/**
 * The exchange view's record of each item (by id, in the items' order, within the scope) and its columns with
 * their Appendix A names — the column comments up to any explanation in brackets.
 */
export async function exchangeRecords(
  conn: Conn,
  scope: Scope,
  relation: string,
  items: Record<string, unknown>[],
): Promise<{ columns: { key: string; label: string }[]; records: Record<string, unknown>[] }> {
  const { rows: described } = await conn.raw<{ rows: { key: string; comment: string | null }[] }>(
    `SELECT attname AS key, col_description(attrelid, attnum) AS comment FROM pg_attribute
      WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [relation],
  );
  const columns = described
    .filter((c) => c.comment)
    .map((c) => ({ key: c.key, label: c.comment!.split(/[（(]/)[0]!.trim() }));
  const result = await conn.raw<{
    rows: Record<string, unknown>[];
    fields: { name: string; dataTypeID: number }[];
  }>(`SELECT * FROM ?? WHERE region_code LIKE ? AND id = ANY(?)`, [
    relation,
    `${scope.regionPrefix}%`,
    items.map((item) => Number(item.id)),
  ]);
  const dates = result.fields.filter((f) => f.dataTypeID === DATE_OID).map((f) => f.name);
  const byId = new Map(
    result.rows.map((row) => {
      for (const name of dates) if (row[name] instanceof Date) row[name] = isoDate(row[name]);
      return [row.id, row];
    }),
  );
  return { columns, records: items.map((item) => byId.get(item.id) ?? {}) };
}
