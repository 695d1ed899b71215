/**
 * SQL of the leaders' dashboard. Figures come from the aggregate tables of migration 20261127150300 (counts per
 * community) and the tiles' `household_cells` — never from household rows, except the demand grid of a single
 * community (a few hundred rows). Every query is limited by the caller's scope through `scoped()` and then to the
 * region asked for (which the service has checked lies inside the scope). Nothing here reads a personal field.
 */
import type { Knex } from 'knex';
import type { Db, Tx } from '../db/knex.ts';
import { scoped, type Scope } from '../access/scope.ts';

type Conn = Db | Tx;

/** Half the Web Mercator extent (metres). */
export const HALF = 20037508.342789244;

/** Demand: households that applied or are waiting (as `household_cells` and the supply_demand tiles count). */
export const DEMAND_STATUSES = ['applied', 'waiting'] as const;

export interface RegionRow {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
}

/** Rows of an aggregate `table` in the scope and under the region prefix `prefix`. */
function within(conn: Conn, table: string, scope: Scope, prefix: string): Knex.QueryBuilder {
  return scoped(conn(table), scope).where('region_code', 'like', `${prefix}%`);
}

export function findRegion(conn: Conn, code: string): Promise<RegionRow | undefined> {
  return conn('regions').first('code', 'name', 'level', 'parent_code').where({ code }) as Promise<
    RegionRow | undefined
  >;
}

/** The region and the regions above it, root first. */
export async function chainOf(conn: Conn, code: string): Promise<RegionRow[]> {
  const { rows } = await conn.raw<{ rows: RegionRow[] }>(
    `WITH RECURSIVE chain AS (
       SELECT code, name, level, parent_code FROM regions WHERE code = ?
       UNION ALL
       SELECT r.code, r.name, r.level, r.parent_code FROM regions r JOIN chain c ON r.code = c.parent_code
     ) SELECT * FROM chain ORDER BY level`,
    [code],
  );
  return rows;
}

export interface StatusCount {
  status: string;
  n: number;
}

/** Households in the region by current 轮候状态. */
export async function householdsByStatus(conn: Conn, scope: Scope, prefix: string): Promise<StatusCount[]> {
  const rows: StatusCount[] = await within(conn, 'stats_household_months', scope, prefix)
    .select('waiting_status as status')
    .select(conn.raw('sum(n)::int AS n'))
    .groupBy('waiting_status');
  return rows;
}

/** Housing units in the region by 交付状态. */
export async function unitsByStatus(conn: Conn, scope: Scope, prefix: string): Promise<StatusCount[]> {
  const rows: StatusCount[] = await within(conn, 'stats_unit_counts', scope, prefix)
    .select('delivery_status as status')
    .select(conn.raw('sum(n)::int AS n'))
    .groupBy('delivery_status');
  return rows;
}

const THIS_YEAR = `date_trunc('year', now() AT TIME ZONE 'Asia/Shanghai')::date`;

/** Applications registered (增加时间) and allocations made since 1 January of this year, Beijing time. */
export async function thisYear(
  conn: Conn,
  scope: Scope,
  prefix: string,
): Promise<{ year: number; applications: number; allocations: number }> {
  const applications = within(conn, 'stats_household_months', scope, prefix)
    .where('month', '>=', conn.raw(THIS_YEAR))
    .select(conn.raw('coalesce(sum(n), 0)::int'));
  const allocations = within(conn, 'stats_allocation_months', scope, prefix)
    .where('month', '>=', conn.raw(THIS_YEAR))
    .select(conn.raw('coalesce(sum(n), 0)::int'));
  const { rows } = await conn.raw<{ rows: { year: number; applications: number; allocations: number }[] }>(
    `SELECT extract(year FROM ${THIS_YEAR})::int AS year, (?) AS applications, (?) AS allocations`,
    [applications, allocations],
  );
  return rows[0]!;
}

export interface ChildRow extends RegionRow {
  households: number;
  applied: number;
  waiting: number;
  allocated: number;
  units: number;
  delivered: number;
  label: [number, number] | null;
  geometry: object | null;
}

/**
 * The children of region `code` with their figures, summed over the communities under each child (whose codes
 * start with the child's first `digits` digits), and their boundaries simplified by `tolerance` degrees.
 */
export async function childrenOf(
  conn: Conn,
  scope: Scope,
  code: string,
  prefix: string,
  digits: number,
  tolerance: number,
): Promise<ChildRow[]> {
  const households = within(conn, 'stats_household_months', scope, prefix)
    .select(conn.raw('left(region_code, ?) AS p', [digits]))
    .select(conn.raw('sum(n)::int AS households'))
    .select(conn.raw(`sum(n) FILTER (WHERE waiting_status = 'applied')::int AS applied`))
    .select(conn.raw(`sum(n) FILTER (WHERE waiting_status = 'waiting')::int AS waiting`))
    .select(conn.raw(`sum(n) FILTER (WHERE waiting_status = 'allocated')::int AS allocated`))
    .groupByRaw('1');
  const units = within(conn, 'stats_unit_counts', scope, prefix)
    .select(conn.raw('left(region_code, ?) AS p', [digits]))
    .select(conn.raw('sum(n)::int AS units'))
    .select(conn.raw(`sum(n) FILTER (WHERE delivery_status = 'delivered')::int AS delivered`))
    .groupByRaw('1');
  const rows = await scoped(conn('regions as r'), scope, 'r.code')
    .leftJoin(households.as('h'), 'h.p', conn.raw('left(r.code, ?)', [digits]))
    .leftJoin(units.as('u'), 'u.p', conn.raw('left(r.code, ?)', [digits]))
    .where('r.parent_code', code)
    .orderBy('r.code')
    .select('r.code', 'r.name', 'r.level', 'r.parent_code')
    .select(
      conn.raw('coalesce(h.households, 0) AS households'),
      conn.raw('coalesce(h.applied, 0) AS applied'),
      conn.raw('coalesce(h.waiting, 0) AS waiting'),
      conn.raw('coalesce(h.allocated, 0) AS allocated'),
      conn.raw('coalesce(u.units, 0) AS units'),
      conn.raw('coalesce(u.delivered, 0) AS delivered'),
      conn.raw(
        `CASE WHEN r.label_point IS NOT NULL THEN json_build_array(round(ST_X(r.label_point)::numeric, 6),
                                                                  round(ST_Y(r.label_point)::numeric, 6)) END AS label`,
      ),
      conn.raw('ST_AsGeoJSON(ST_SimplifyPreserveTopology(r.boundary, ?), 6)::json AS geometry', [tolerance]),
    );
  return rows as ChildRow[];
}

export interface MonthRow {
  month: string;
  applications: number;
  allocations: number;
}

/** Applications and allocations per month over the last `months` months including this one (Beijing time). */
export async function monthly(conn: Conn, scope: Scope, prefix: string, months: number): Promise<MonthRow[]> {
  const applications = within(conn, 'stats_household_months', scope, prefix)
    .where('month', '>=', conn.raw('(SELECT min(m) FROM span)'))
    .select('month')
    .select(conn.raw('sum(n)::int AS n'))
    .groupBy('month');
  const allocations = within(conn, 'stats_allocation_months', scope, prefix)
    .where('month', '>=', conn.raw('(SELECT min(m) FROM span)'))
    .select('month')
    .select(conn.raw('sum(n)::int AS n'))
    .groupBy('month');
  const { rows } = await conn.raw<{ rows: MonthRow[] }>(
    `WITH span AS (
       SELECT generate_series(date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') - make_interval(months => ?),
                              date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai'), '1 month')::date AS m)
     SELECT to_char(span.m, 'YYYY-MM') AS month, coalesce(a.n, 0) AS applications, coalesce(l.n, 0) AS allocations
       FROM span LEFT JOIN (${applications.toQuery()}) a ON a.month = span.m
                 LEFT JOIN (${allocations.toQuery()}) l ON l.month = span.m
      ORDER BY span.m`,
    [months - 1],
  );
  return rows;
}

export interface CellRow {
  cx: number;
  cy: number;
  n: number;
}

/**
 * Demand per grid cell of zoom `z` (32 × 32 per tile, as `household_cells` keeps them), cells under `k` left out.
 * `household_cells` is kept per street: a region of street level or above reads it; a community reads its own
 * household rows (its demand only — a street's cells would show its neighbours).
 */
export async function demandCells(
  conn: Conn,
  scope: Scope,
  region: { prefix: string; level: number },
  z: number,
  k: number,
): Promise<CellRow[]> {
  if (region.level < 5) {
    const cells: CellRow[] = await scoped(conn('household_cells'), scope, 'street_code')
      .where({ z })
      .where('street_code', 'like', `${region.prefix}%`)
      .select('cx', 'cy')
      .select(conn.raw('sum(n)::int AS n'))
      .groupBy('cx', 'cy')
      .havingRaw('sum(n) >= ?', [k]);
    return cells;
  }
  const cell = `(2 * ${HALF} / 2 ^ (? + 5))`;
  const cells: CellRow[] = await scoped(conn('households'), scope)
    .where('region_code', 'like', `${region.prefix}%`)
    .whereIn('waiting_status', DEMAND_STATUSES)
    .whereNotNull('geom_3857')
    .select(
      conn.raw(`floor((ST_X(geom_3857) + ${HALF}) / ${cell})::int AS cx`, [z]),
      conn.raw(`floor((${HALF} - ST_Y(geom_3857)) / ${cell})::int AS cy`, [z]),
      conn.raw('count(*)::int AS n'),
    )
    .groupByRaw('1, 2')
    .havingRaw('count(*) >= ?', [k]);
  return cells;
}
