/**
 * SQL of the public portal. Public readers have no region: their scope is the whole deployment (the empty prefix,
 * as for anonymous tiles), still applied through `scoped()` so every business query has the one filter. Each
 * query names the columns it reads: none of them is personal data.
 */
import type { Db } from '../db/knex.ts';
import { scoped } from '../access/scope.ts';
import { PUBLIC_STATUSES } from './schema.ts';

/** The public's scope: every region of the deployment. */
export const PUBLIC_SCOPE = { regionPrefix: '' } as const;

export interface ProjectRow {
  id: number;
  project_no: string;
  name: string;
  address: string | null;
  district_code: string;
  district_name: string;
  category: string | null;
  status: string;
  available: number;
  total: number;
  price_min: string | null;
  price_max: string | null;
  planned_completion_on: Date | null;
  actual_completion_on: Date | null;
  lng: number;
  lat: number;
}

export interface ProjectDetailRow extends ProjectRow {
  developer: string | null;
  handed_over_at: Date | null;
  site_area: string | null;
  planned_residential_units: number | null;
  site: object | null;
}

function publicProjects(db: Db) {
  return scoped(
    db({ p: 'projects' })
      .join('regions as d', 'd.code', db.raw(`left(p.region_code, 6) || '000000'`))
      .leftJoin(
        db('project_unit_counts')
          .select('project_id')
          .select(db.raw(`sum(n) FILTER (WHERE delivery_status = 'delivered')::int AS available`))
          .select(db.raw('sum(n)::int AS total'))
          .groupBy('project_id')
          .as('u'),
        'u.project_id',
        'p.id',
      )
      .whereIn('p.status', PUBLIC_STATUSES)
      .whereNotNull('p.geom'),
    PUBLIC_SCOPE,
    'p.region_code',
  ).select(
    'p.id',
    'p.project_no',
    db.raw('coalesce(p.approved_name, p.proposed_name) AS name'),
    'p.address',
    'd.code as district_code',
    'd.name as district_name',
    'p.project_category as category',
    'p.status',
    db.raw('coalesce(u.available, 0) AS available'),
    db.raw('coalesce(u.total, 0) AS total'),
    'p.price_min',
    'p.price_max',
    'p.planned_completion_on',
    'p.actual_completion_on',
    db.raw('round(ST_X(ST_PointOnSurface(p.geom))::numeric, 6)::float8 AS lng'),
    db.raw('round(ST_Y(ST_PointOnSurface(p.geom))::numeric, 6)::float8 AS lat'),
  );
}

export async function listProjects(db: Db): Promise<ProjectRow[]> {
  return (await publicProjects(db).orderBy(['d.code', 'p.project_no'])) as ProjectRow[];
}

export async function findProject(db: Db, id: number): Promise<ProjectDetailRow | undefined> {
  return (await publicProjects(db)
    .select(
      'p.developer',
      'p.handed_over_at',
      'p.site_area',
      'p.planned_residential_units',
      db.raw('ST_AsGeoJSON(ST_SimplifyPreserveTopology(p.geom, 0.000005), 6)::json AS site'),
    )
    .where('p.id', id)
    .first()) as ProjectDetailRow | undefined;
}

export interface BuildingRow {
  id: number;
  name: string;
  total_floors: number | null;
  residential_units: number | null;
  geometry: object;
}

/** Building footprints of a project (found public by the caller). */
export async function buildingsOf(db: Db, projectId: number): Promise<BuildingRow[]> {
  return (await scoped(db('buildings'), PUBLIC_SCOPE)
    .select(
      'id',
      'name',
      'total_floors',
      'residential_units',
      db.raw('ST_AsGeoJSON(geom, 6)::json AS geometry'),
    )
    .where('project_id', projectId)
    .whereNotNull('geom')
    .orderBy('building_no')) as BuildingRow[];
}

export interface UnitTypeRow {
  layout: string;
  layout_zh: string | null;
  layout_en: string | null;
  count: number;
  available: number;
  area_min: string;
  area_max: string;
  rent_min: string | null;
  rent_max: string | null;
}

/** Units of a project grouped by layout: counts, area and monthly rent ranges (aggregates only). */
export async function unitTypesOf(db: Db, projectId: number): Promise<UnitTypeRow[]> {
  const { rows } = await db.raw<{ rows: UnitTypeRow[] }>(
    `SELECT coalesce(u.layout, '99') AS layout, max(l.name_zh) AS layout_zh, max(l.name_en) AS layout_en,
            count(*)::int AS count,
            (count(*) FILTER (WHERE u.delivery_status = 'delivered'))::int AS available,
            min(u.floor_area)::text AS area_min, max(u.floor_area)::text AS area_max,
            min(u.rent_monthly)::text AS rent_min, max(u.rent_monthly)::text AS rent_max
       FROM housing_units u
       LEFT JOIN dict_items l ON l.type_code = 'layout' AND l.code = u.layout
      WHERE u.project_id = ? AND u.region_code LIKE ? AND u.floor_area IS NOT NULL
      GROUP BY 1 ORDER BY 1`,
    [projectId, `${PUBLIC_SCOPE.regionPrefix}%`],
  );
  return rows;
}

export interface DemandRow {
  code: string;
  name: string;
  waiting: number;
  available: number;
  projects: number;
  lng: number | null;
  lat: number | null;
}

/**
 * Per district: households applied or waiting (the demand the supply/demand tile layer counts), delivered and
 * unallocated units, public projects. Raw counts: the presenter suppresses those under k before anything leaves.
 */
export async function demandByDistrict(db: Db): Promise<DemandRow[]> {
  const { rows } = await db.raw<{ rows: DemandRow[] }>(
    `SELECT r.code, r.name, coalesce(h.n, 0)::int AS waiting, coalesce(s.available, 0)::int AS available,
            coalesce(p.n, 0)::int AS projects,
            round(ST_X(r.label_point)::numeric, 6)::float8 AS lng, round(ST_Y(r.label_point)::numeric, 6)::float8 AS lat
       FROM regions r
       LEFT JOIN (SELECT left(region_code, 6) AS code, count(*) AS n FROM households
                   WHERE waiting_status IN ('applied', 'waiting') AND region_code LIKE :prefix GROUP BY 1) h
         ON h.code = left(r.code, 6)
       LEFT JOIN (SELECT district_code AS code, sum(n) FILTER (WHERE delivery_status = 'delivered') AS available
                    FROM project_unit_counts GROUP BY 1) s
         ON s.code = left(r.code, 6)
       LEFT JOIN (SELECT left(region_code, 6) AS code, count(*) AS n FROM projects
                   WHERE status = ANY(:statuses::text[]) AND region_code LIKE :prefix GROUP BY 1) p
         ON p.code = left(r.code, 6)
      WHERE r.level = 3 AND r.code LIKE :prefix
      ORDER BY r.code`,
    { prefix: `${PUBLIC_SCOPE.regionPrefix}%`, statuses: `{${PUBLIC_STATUSES.join(',')}}` },
  );
  return rows;
}
