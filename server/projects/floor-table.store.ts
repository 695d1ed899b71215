/** SQL of the 楼盘表 (figure 3): a building and its units, region-scoped. */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { scoped } from '../access/scope.ts';
import type { FloorTableCell } from './floor-table.schema.ts';

type Conn = Db | Tx;

export interface FloorTableBuilding {
  id: number;
  building_no: string;
  name: string;
  project_id: number;
  project_name: string;
  region_code: string;
  total_floors: number | null;
  floors_below: number | null;
}

export async function findBuilding(
  conn: Conn,
  scope: Scope,
  id: number,
): Promise<FloorTableBuilding | undefined> {
  const row: FloorTableBuilding | undefined = await scoped(conn('buildings as b'), scope, 'b.region_code')
    .join('projects as p', 'p.id', 'b.project_id')
    .where('b.id', id)
    .first(
      'b.id',
      'b.building_no',
      'b.name',
      'b.project_id',
      conn.raw('coalesce(p.approved_name, p.proposed_name) AS project_name'),
      'b.region_code',
      'b.total_floors',
      'b.floors_below',
    );
  return row;
}

/** The building's units (those in scope), floor by floor. */
export async function unitsOf(conn: Conn, scope: Scope, buildingId: number): Promise<FloorTableCell[]> {
  const rows: unknown = await scoped(conn('housing_units as u'), scope, 'u.region_code')
    .where('u.building_id', buildingId)
    .select(
      'u.id',
      'u.unit_no',
      'u.room_no',
      'u.entrance',
      'u.floor_from',
      'u.floor_to',
      'u.delivery_status',
      conn.raw('u.floor_area::float8 AS floor_area'),
      'u.layout',
    )
    .orderBy(['u.floor_from', 'u.entrance', 'u.room_no']);
  return rows as FloorTableCell[];
}
