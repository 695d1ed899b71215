/** SQL for projects (A.5.1). Every read goes through `featuresIn`, so it is region-scoped. */
import type { Db, Tx } from '../db/knex.ts';
import type { Scope } from '../access/scope.ts';
import { applySpatialFilter, pageOf, whereText, type SpatialFilter } from '../spatial/features.ts';
import { featuresIn } from '../spatial/feature-store.ts';
import type { Row } from '../spatial/feature-routes.ts';
import { PROJECT_COLUMNS } from './schema.ts';

type Conn = Db | Tx;

export const TABLE = 'projects';

export type ProjectRow = Row & { id: number; project_no: string; status: string; region_code: string };

export interface ProjectFilter extends SpatialFilter {
  q?: string;
  status?: string;
  category?: string;
}

function projectsIn(conn: Conn, scope: Scope) {
  return featuresIn(conn, scope, TABLE, 'p', PROJECT_COLUMNS).select('p.geom_area_m2 as area_m2');
}

export function listProjects(conn: Conn, scope: Scope, filter: ProjectFilter) {
  const query = applySpatialFilter(conn, projectsIn(conn, scope), filter, 'p.geom', 'p.region_code');
  whereText(query, filter.q, ['p.project_no', 'p.proposed_name', 'p.approved_name']);
  if (filter.status) void query.where('p.status', filter.status);
  if (filter.category) void query.where('p.project_category', filter.category);
  return pageOf<ProjectRow>(query, filter, ['p.region_code', 'p.project_no']);
}

export async function findProject(conn: Conn, scope: Scope, id: number): Promise<ProjectRow | undefined> {
  return (await projectsIn(conn, scope).where('p.id', id).first()) as ProjectRow | undefined;
}

/** The A.5.1 exchange record of a project (the caller has found the project in scope). */
export async function exchangeRecord(conn: Conn, projectNo: string): Promise<Row | undefined> {
  return (await conn('project_exchange').where({ project_no: projectNo }).first()) as Row | undefined;
}

/** Units of a project that a household holds (allocated or occupied). */
export async function unitsInUse(conn: Conn, projectId: number): Promise<number> {
  const row = await conn('housing_units')
    .where({ project_id: projectId })
    .whereIn('delivery_status', ['allocated', 'occupied'])
    .count<{ n: string }[]>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/**
 * Buildings whose footprint reaches more than 1 m outside their project's site, with a point of the part
 * outside: for one building, or for all buildings of one project (after its site changed).
 */
export async function buildingsOutsideSite(
  trx: Tx,
  where: { buildingId: number } | { projectId: number },
): Promise<{ building_no: string; outside: string }[]> {
  const [column, id] = 'buildingId' in where ? ['b.id', where.buildingId] : ['b.project_id', where.projectId];
  const { rows } = await trx.raw<{ rows: { building_no: string; outside: string }[] }>(
    `SELECT b.building_no, ST_AsText(ST_PointOnSurface(ST_Difference(b.geom, p.geom)), 6) AS outside
       FROM buildings b JOIN projects p ON p.id = b.project_id
      WHERE ?? = ? AND b.geom IS NOT NULL AND p.geom IS NOT NULL
        AND NOT ST_CoveredBy(b.geom, ST_SetSRID(ST_Buffer(p.geom::geography, 1)::geometry, 4490))
      ORDER BY b.building_no`,
    [column, id],
  );
  return rows;
}
