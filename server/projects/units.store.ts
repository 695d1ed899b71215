/** SQL for housing units (A.5.3), region-scoped through `featuresIn`. */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { applySpatialFilter, pageOf, whereText, type SpatialFilter } from '../spatial/features.ts';
import { featuresIn } from '../spatial/feature-store.ts';
import type { Row } from '../spatial/feature-routes.ts';
import { UNIT_COLUMNS, type DeliveryStatus } from './units.schema.ts';

type Conn = Db | Tx;

export const UNITS = 'housing_units';

export type UnitRow = Row & {
  id: number;
  unit_no: string;
  building_id: number;
  entrance: string | null;
  room_no: string;
  floor_from: number;
  floor_to: number;
  delivery_status: DeliveryStatus;
};

export interface UnitFilter extends SpatialFilter {
  q?: string;
  project_id?: number;
  building_id?: number;
  status?: string;
  category?: string;
}

function unitsIn(conn: Conn, scope: Scope) {
  return featuresIn(conn, scope, UNITS, 'u', UNIT_COLUMNS)
    .join('buildings as b', 'b.id', 'u.building_id')
    .select('b.building_no');
}

export function listUnits(conn: Conn, scope: Scope, filter: UnitFilter) {
  const query = applySpatialFilter(conn, unitsIn(conn, scope), filter, 'u.geom', 'u.region_code');
  whereText(query, filter.q, ['u.unit_no', 'u.room_no']);
  if (filter.project_id) void query.where('u.project_id', filter.project_id);
  if (filter.building_id) void query.where('u.building_id', filter.building_id);
  if (filter.status) void query.where('u.delivery_status', filter.status);
  if (filter.category) void query.where('u.planned_category', filter.category);
  // The order of a 楼盘表 (figure 3): building, entrance, floor, room.
  return pageOf<UnitRow>(query, filter, ['u.building_id', 'u.entrance', 'u.floor_from', 'u.room_no']);
}

export async function findUnit(conn: Conn, scope: Scope, id: number): Promise<UnitRow | undefined> {
  return (await unitsIn(conn, scope).where('u.id', id).first()) as UnitRow | undefined;
}

/** Another unit of the building with the same entrance (NULL matching NULL) and room number. */
export async function roomTaken(
  conn: Conn,
  unit: { building_id: number; entrance?: string | null; room_no: string },
  exceptId?: number,
): Promise<boolean> {
  const query = conn(UNITS)
    .where({ building_id: unit.building_id, room_no: unit.room_no })
    .whereRaw('entrance IS NOT DISTINCT FROM ?', [unit.entrance ?? null]);
  if (exceptId) void query.whereNot({ id: exceptId });
  return Boolean(await query.first('id'));
}

/** SQL for a unit's default position: a point inside its building's footprint. */
export const buildingPoint = (conn: Conn, buildingId: number) =>
  conn.raw('(SELECT ST_PointOnSurface(geom) FROM buildings WHERE id = ?)', [buildingId]);
