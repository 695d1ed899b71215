/** SQL for land reserve parcels (A.5.11). Every read goes through `featuresIn`, so it is region-scoped. */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { applySpatialFilter, pageOf, whereText, type SpatialFilter } from '../spatial/features.ts';
import { featuresIn } from '../spatial/feature-store.ts';
import { scoped } from '../access/scope.ts';
import { GEOMETRY_FROM_GEOJSON } from '../shared/geometry.ts';
import type { Row } from '../spatial/feature-routes.ts';
import { PARCEL_COLUMNS, type ParcelStatus } from './schema.ts';

type Conn = Db | Tx;

export const TABLE = 'land_parcels';

export type ParcelRow = Row & { id: number; parcel_no: string; status: ParcelStatus; region_code: string };

export interface ParcelFilter extends SpatialFilter {
  q?: string;
  status?: string;
  category?: string;
}

function parcelsIn(conn: Conn, scope: Scope) {
  return featuresIn(conn, scope, TABLE, 'p', PARCEL_COLUMNS).select('p.geom_area_m2 as area_m2');
}

/** The parcels in scope that pass the list's filters (one query builder, for the page and for the totals). */
function filtered(conn: Conn, scope: Scope, filter: ParcelFilter) {
  const query = applySpatialFilter(conn, parcelsIn(conn, scope), filter, 'p.geom', 'p.region_code');
  whereText(query, filter.q, ['p.parcel_no', 'p.parcel_name']);
  if (filter.status) void query.where('p.status', filter.status);
  if (filter.category) void query.where('p.planned_use', filter.category);
  return query;
}

export function listParcels(conn: Conn, scope: Scope, filter: ParcelFilter) {
  return pageOf<ParcelRow>(filtered(conn, scope, filter), filter, ['p.region_code', 'p.parcel_no']);
}

/** The ellipsoidal area (m²) of every parcel the list's filters match, in one aggregate over the same scope. */
export async function totalArea(conn: Conn, scope: Scope, filter: ParcelFilter): Promise<number> {
  const rows: { area_m2: number }[] = await filtered(conn, scope, filter)
    .clearSelect()
    .clearOrder()
    .select(conn.raw('coalesce(sum(p.geom_area_m2), 0)::float8 AS area_m2'));
  return Number(rows[0]?.area_m2 ?? 0);
}

/** One parcel in scope, with the parcels it came from and those it became (split and merge lineage). */
export async function findParcel(conn: Conn, scope: Scope, id: number): Promise<ParcelRow | undefined> {
  return (await parcelsIn(conn, scope)
    .select(
      conn.raw(
        `ARRAY(SELECT predecessor_id::int FROM land_parcel_lineage WHERE successor_id = p.id ORDER BY 1) AS predecessor_ids`,
      ),
      conn.raw(
        `ARRAY(SELECT successor_id::int FROM land_parcel_lineage WHERE predecessor_id = p.id ORDER BY 1) AS successor_ids`,
      ),
    )
    .where('p.id', id)
    .first()) as ParcelRow | undefined;
}

export interface Overlap {
  parcel_no: string;
  parcel_name: string;
  region_code: string;
  overlap_m2: number;
  /** A point inside the overlap: [lng, lat]. */
  location: [number, number];
}

/**
 * Reserved parcels whose interior overlaps parcel `id` by more than 1 m² on the ellipsoid (shared edges and
 * corners intersect in a line or point: area 0). All regions are searched: a conflict is one wherever it is.
 */
export async function reservedOverlaps(trx: Tx, id: number): Promise<Overlap[]> {
  const { rows } = await trx.raw<{ rows: Overlap[] }>(
    `SELECT o.parcel_no, o.parcel_name, o.region_code,
            round(ST_Area(x.shared::geography)::numeric, 1)::float8 AS overlap_m2,
            json_build_array(round(ST_X(x.at)::numeric, 7), round(ST_Y(x.at)::numeric, 7)) AS location
       FROM land_parcels s
       JOIN land_parcels o ON o.id <> s.id AND o.status = 'reserved' AND o.geom && s.geom
                          AND ST_Intersects(o.geom, s.geom)
       CROSS JOIN LATERAL (SELECT ST_Intersection(o.geom, s.geom) AS shared) x0
       CROSS JOIN LATERAL (SELECT x0.shared, ST_PointOnSurface(x0.shared) AS at) x
      WHERE s.id = ? AND ST_Area(x.shared::geography) > 1
      ORDER BY o.parcel_no`,
    [id],
  );
  return rows;
}

/**
 * Serialises saves of reserved parcels for the rest of the transaction: the overlap check reads committed rows,
 * so two concurrent saves must not both check before either writes.
 */
export async function lockReserve(trx: Tx): Promise<void> {
  await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('hss.land_parcels.reserved'))`);
}

/** SQL for a point as `[lng, lat]` (7 decimals) in JSON. */
const AS_LOCATION = (point: string) =>
  `CASE WHEN ${point} IS NULL THEN NULL
        ELSE json_build_array(round(ST_X(${point})::numeric, 7), round(ST_Y(${point})::numeric, 7)) END`;

export interface Piece {
  /** The piece as hex EWKB: written back exactly, without a round trip through GeoJSON. */
  hex: string;
  area_m2: number;
  location: [number, number];
}

export interface SplitPlan {
  /** Polygons of the parcel before the split. */
  parts: number;
  pieces: Piece[];
  /** Where a line that does not cut the parcel goes wrong: an end inside, or the nearest point. */
  fault: [number, number] | null;
}

/** The pieces of parcel `id` cut by `line` (GeoJSON text), largest first. */
export async function splitPlan(trx: Tx, id: number, line: string): Promise<SplitPlan> {
  const { rows } = await trx.raw<{ rows: SplitPlan[] }>(
    `WITH s AS (SELECT geom FROM land_parcels WHERE id = ?),
          l AS (SELECT ${GEOMETRY_FROM_GEOJSON} AS line)
     SELECT ST_NumGeometries(s.geom) AS parts,
            coalesce((SELECT json_agg(json_build_object(
                        'hex', ST_AsHEXEWKB(d.geom), 'area_m2', ST_Area(d.geom::geography),
                        'location', ${AS_LOCATION('ST_PointOnSurface(d.geom)')})
                      ORDER BY ST_Area(d.geom::geography) DESC)
                FROM ST_Dump(ST_Split(s.geom, l.line)) d), '[]'::json) AS pieces,
            ${AS_LOCATION(`CASE
              WHEN NOT ST_Intersects(s.geom, l.line) THEN ST_ClosestPoint(s.geom, l.line)
              WHEN ST_Intersects(s.geom, ST_StartPoint(l.line)) THEN ST_StartPoint(l.line)
              WHEN ST_Intersects(s.geom, ST_EndPoint(l.line)) THEN ST_EndPoint(l.line)
              ELSE ST_PointOnSurface(ST_Intersection(s.geom, l.line)) END`)} AS fault
       FROM s, l`,
    [id, line],
  );
  return rows[0]!;
}

export interface UnionPlan {
  parts: number;
  hex: string;
  /** A point of a part not joined to the first (for a refusal). */
  stray: [number, number] | null;
}

/**
 * The union of parcels `ids`. Parcels drawn by snapping can leave gaps of a few centimetres along a shared edge,
 * so when the plain union falls apart, gaps under ~0.5 m are closed (buffer out and back in, mitred corners).
 */
export async function unionPlan(trx: Tx, ids: number[]): Promise<UnionPlan> {
  const { rows } = await trx.raw<{ rows: UnionPlan[] }>(
    `WITH u AS (SELECT ST_UnaryUnion(ST_Collect(geom)) AS g FROM land_parcels WHERE id = ANY(?::bigint[])),
          c AS (SELECT CASE WHEN ST_NumGeometries(g) = 1 THEN g
                            ELSE coalesce(
                              (SELECT x FROM ST_Buffer(ST_Buffer(g, 0.000005, 'join=mitre'), -0.000005, 'join=mitre') x
                                WHERE ST_NumGeometries(x) = 1 AND ST_IsValid(x)),
                              g) END AS g
                 FROM u)
     SELECT ST_NumGeometries(g) AS parts, ST_AsHEXEWKB(ST_Multi(g)) AS hex,
            ${AS_LOCATION('CASE WHEN ST_NumGeometries(g) > 1 THEN ST_PointOnSurface(ST_GeometryN(g, 2)) END')} AS stray
       FROM c`,
    [ids],
  );
  return rows[0]!;
}

/** Records that `successors` came from `predecessors` by `operation`. */
export async function insertLineage(
  trx: Tx,
  operation: 'split' | 'merge',
  predecessors: { id: number; region_code: string }[],
  successors: number[],
): Promise<void> {
  const rows = predecessors.flatMap((p) =>
    successors.map((successor_id) => ({
      operation,
      predecessor_id: p.id,
      successor_id,
      region_code: p.region_code,
    })),
  );
  if (rows.length) await trx('land_parcel_lineage').insert(rows);
}

/** Gives parcels `ids` the status retired (the caller has found them in scope). */
export async function retireParcels(trx: Tx, scope: Scope, ids: number[]): Promise<void> {
  await scoped(trx(TABLE), scope).whereIn('id', ids).update({ status: 'retired' });
}
