/** SQL for land reserve parcels (A.5.11). Every read goes through `featuresIn`, so it is region-scoped. */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { applySpatialFilter, pageOf, whereText, type SpatialFilter } from '../spatial/features.ts';
import { featuresIn } from '../spatial/feature-store.ts';
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

export function listParcels(conn: Conn, scope: Scope, filter: ParcelFilter) {
  const query = applySpatialFilter(conn, parcelsIn(conn, scope), filter, 'p.geom', 'p.region_code');
  whereText(query, filter.q, ['p.parcel_no', 'p.parcel_name']);
  if (filter.status) void query.where('p.status', filter.status);
  if (filter.category) void query.where('p.planned_use', filter.category);
  return pageOf<ParcelRow>(query, filter, ['p.region_code', 'p.parcel_no']);
}

export async function findParcel(conn: Conn, scope: Scope, id: number): Promise<ParcelRow | undefined> {
  return (await parcelsIn(conn, scope).where('p.id', id).first()) as ParcelRow | undefined;
}

export interface Overlap {
  parcel_no: string;
  parcel_name: string;
  region_code: string;
  overlap_m2: number;
}

/**
 * Reserved parcels whose interior overlaps parcel `id` by more than 1 m² on the ellipsoid (shared edges and
 * corners intersect in a line or point: area 0). All regions are searched: a conflict is one wherever it is.
 */
export async function reservedOverlaps(trx: Tx, id: number): Promise<Overlap[]> {
  const { rows } = await trx.raw<{ rows: Overlap[] }>(
    `SELECT o.parcel_no, o.parcel_name, o.region_code,
            round(ST_Area(x.shared::geography)::numeric, 1)::float8 AS overlap_m2
       FROM land_parcels s
       JOIN land_parcels o ON o.id <> s.id AND o.status = 'reserved' AND o.geom && s.geom
                          AND ST_Intersects(o.geom, s.geom)
       CROSS JOIN LATERAL (SELECT ST_Intersection(o.geom, s.geom) AS shared) x
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
