/**
 * SQL of supply and demand monitoring (9.2.1): one scan of the waiting households (each mode's conditions as a
 * per-row flag, compiled by the rules' SQL compiler) and one of the handed-over units, grouped by child region.
 * Every query is limited to the caller's scope and then to the region asked for.
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';
import type { SqlFragment } from '../rules/expression/index.ts';

type Conn = Db | Tx;
type Row = Record<string, string | number | null>;

export interface ModeFlag {
  code: string;
  condition: SqlFragment;
  /** Per standard name: the SQL of its value for a household (tiers by 人户数), or null when a formula decides. */
  standards: { name: string; unit: string | null; sql: SqlFragment | null }[];
}

/** Child regions of `code` (the groups every figure is reported by), with their key of `digits` digits. */
export async function childRegions(conn: Conn, scope: Scope, code: string): Promise<Row[]> {
  return await scoped(conn('regions'), scope, 'code')
    .where('parent_code', code)
    .orderBy('code')
    .select<Row[]>('code as region_code', 'name as region_name');
}

/** Waiting households per child key, with per-mode counts and standard totals. */
export async function demand(
  conn: Conn,
  scope: Scope,
  prefix: string,
  digits: number,
  modes: ModeFlag[],
  only: SqlFragment | undefined,
): Promise<Row[]> {
  const flags = modes.map((m, i) => ({
    sql: `(${m.condition.sql}) IS TRUE AS f${i}`,
    bindings: m.condition.bindings,
  }));
  const values = modes.flatMap((m, i) =>
    m.standards.flatMap((s, j) =>
      s.sql ? [{ sql: `(${s.sql.sql}) AS s${i}_${j}`, bindings: s.sql.bindings }] : [],
    ),
  );
  const counts = modes.flatMap((m, i) => [
    `count(*) FILTER (WHERE f${i}) AS m${i}`,
    ...m.standards.flatMap((s, j) => (s.sql ? [`sum(s${i}_${j}) FILTER (WHERE f${i}) AS t${i}_${j}`] : [])),
  ]);
  const inner = [...flags, ...values];
  const sql = `
    SELECT k, count(*) AS waiting, sum(household_size) AS persons, count(*) FILTER (WHERE registered) AS registered
           ${counts.map((c) => `, ${c}`).join('')}
      FROM (SELECT left(h.region_code, ?) AS k, h.household_size,
                   EXISTS (SELECT 1 FROM registry_book r WHERE r.household_id = h.id AND r.security_status = 'waiting')
                     AS registered
                   ${inner.map((f) => `, ${f.sql}`).join('')}
              FROM households h
             WHERE h.region_code LIKE ? AND h.region_code LIKE ? AND h.waiting_status = 'waiting'
                   ${only ? `AND (${only.sql}) IS TRUE` : ''}
            OFFSET 0) x
     GROUP BY k`;
  const { rows } = await conn.raw<{ rows: Row[] }>(sql, [
    digits,
    ...inner.flatMap((f) => f.bindings),
    `${scope.regionPrefix}%`,
    `${prefix}%`,
    ...(only?.bindings ?? []),
  ] as Knex.RawBinding[]);
  return rows;
}

export interface UnitFilter {
  layout?: string;
  min_area?: number;
  max_area?: number;
  project_id?: number;
}

/** Handed-over, delivered (unallocated) units under `prefix` grouped by `group` (an SQL expression over `u`). */
export async function supply(
  conn: Conn,
  scope: Scope,
  prefix: string,
  group: string,
  filter: UnitFilter,
): Promise<Row[]> {
  const query = scoped(conn('housing_units as u'), scope, 'u.region_code')
    .where('u.region_code', 'like', `${prefix}%`)
    .where({ 'u.handed_over': true, 'u.delivery_status': 'delivered' })
    .select(
      conn.raw(`${group} AS k`),
      conn.raw('count(*)::int AS units'),
      conn.raw('coalesce(sum(u.floor_area), 0)::float8 AS area'),
      conn.raw(`count(*) FILTER (WHERE EXISTS (SELECT 1 FROM allocation_plan_resources r
                 WHERE r.unit_id = u.id AND r.status IN ('available', 'allocated')))::int AS in_plans`),
    )
    .groupByRaw('1')
    .orderByRaw('1');
  if (filter.layout) void query.where('u.layout', filter.layout);
  if (filter.min_area !== undefined) void query.where('u.floor_area', '>=', filter.min_area);
  if (filter.max_area !== undefined) void query.where('u.floor_area', '<=', filter.max_area);
  if (filter.project_id !== undefined) void query.where('u.project_id', filter.project_id);
  return (await query) as Row[];
}

/** 面积段 of a unit (建筑面积, m²): the bands the supply is reported in. */
export const AREA_BAND = `CASE WHEN u.floor_area IS NULL THEN 'unknown' WHEN u.floor_area < 40 THEN '<40'
  WHEN u.floor_area < 60 THEN '40-60' WHEN u.floor_area < 90 THEN '60-90' ELSE '>=90' END`;
