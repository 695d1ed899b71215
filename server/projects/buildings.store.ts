/** SQL for buildings (A.5.2), region-scoped through `featuresIn`. */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { applySpatialFilter, pageOf, whereText, type SpatialFilter } from '../spatial/features.ts';
import { featuresIn } from '../spatial/feature-store.ts';
import type { Row } from '../spatial/feature-routes.ts';
import { BUILDING_COLUMNS } from './buildings.schema.ts';

type Conn = Db | Tx;

export const BUILDINGS = 'buildings';

export type BuildingRow = Row & {
  id: number;
  building_no: string;
  project_id: number;
  region_code: string;
  total_floors: number | null;
  floors_above: number | null;
  floors_below: number;
};

export interface BuildingFilter extends SpatialFilter {
  q?: string;
  project_id?: number;
  status?: string;
  category?: string;
}

function buildingsIn(conn: Conn, scope: Scope) {
  return featuresIn(conn, scope, BUILDINGS, 'b', BUILDING_COLUMNS)
    .join('projects as p', 'p.id', 'b.project_id')
    .select(
      'p.project_no',
      conn.raw('round(ST_Area(b.geom::geography)::numeric, 2)::float8 AS footprint_area_m2'),
    );
}

export function listBuildings(conn: Conn, scope: Scope, filter: BuildingFilter) {
  const query = applySpatialFilter(conn, buildingsIn(conn, scope), filter, 'b.geom', 'b.region_code');
  whereText(query, filter.q, ['b.building_no', 'b.name']);
  if (filter.project_id) void query.where('b.project_id', filter.project_id);
  if (filter.status) void query.where('b.build_status', filter.status);
  if (filter.category) void query.where('b.category', filter.category);
  return pageOf<BuildingRow>(query, filter, ['b.project_id', 'b.building_no']);
}

export async function findBuilding(conn: Conn, scope: Scope, id: number): Promise<BuildingRow | undefined> {
  return (await buildingsIn(conn, scope).where('b.id', id).first()) as BuildingRow | undefined;
}

export async function unitCount(conn: Conn, buildingId: number): Promise<number> {
  const row = await conn('housing_units')
    .where({ building_id: buildingId })
    .count<{ n: string }[]>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}
