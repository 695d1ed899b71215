/**
 * The leaders' dashboard (CJJ/T 196 ch. 16 统计分析, issue 4): figures of one region in the caller's scope —
 * households by 轮候状态, units by 交付状态 (figure 3), supply against demand per child region, monthly
 * applications and allocations, and a demand grid. Aggregates only; a region outside the scope is not found.
 */
import type { Db } from '../db/knex.ts';
import { inScope, regionPrefix, type Scope } from '../access/scope.ts';
import { notFound } from '../http/errors.ts';
import * as store from './store.ts';
import * as present from './presenter.ts';
import { densityCache } from './cache.ts';

/** Significant digits of a code at each level (1 province … 5 community). */
const DIGITS = [2, 4, 6, 9, 12] as const;

/** Boundary simplification in degrees by the children's level: ~50 m for districts, finer below. */
const TOLERANCE_BY_LEVEL: Record<number, number> = { 2: 0.002, 3: 0.0005, 4: 0.0002, 5: 0.00005 };

/**
 * Grid zoom of the demand points by the region's level: z12 cells are 306 m in Web Mercator, ≈ 213 m on the
 * ground at Harbin's 45.7° N (the ~200 m grid a city or district view needs); a street gets z13, a community z14.
 */
const CELL_ZOOM_BY_LEVEL: Record<number, number> = { 1: 12, 2: 12, 3: 12, 4: 13, 5: 14 };

export interface Region extends store.RegionRow {
  prefix: string;
}

/** The region `code` if it exists and lies in the scope; otherwise 404, as for any record out of scope. */
export async function regionInScope(db: Db, scope: Scope, code: string): Promise<Region> {
  const found = inScope(scope, code) ? await store.findRegion(db, code) : undefined;
  if (!found) throw notFound('行政区划');
  return { ...found, prefix: regionPrefix(code) };
}

export async function summary(db: Db, scope: Scope, code: string) {
  const region = await regionInScope(db, scope, code);
  const [chain, households, units, year] = await Promise.all([
    store.chainOf(db, region.code),
    store.householdsByStatus(db, scope, region.prefix),
    store.unitsByStatus(db, scope, region.prefix),
    store.thisYear(db, scope, region.prefix),
  ]);
  return present.summary(
    region,
    chain.filter((r) => inScope(scope, r.code)),
    households,
    units,
    year,
  );
}

export async function children(db: Db, scope: Scope, code: string) {
  const region = await regionInScope(db, scope, code);
  const level = Math.min(region.level + 1, 5);
  const rows =
    region.level >= 5
      ? []
      : await store.childrenOf(
          db,
          scope,
          region.code,
          region.prefix,
          DIGITS[level - 1]!,
          TOLERANCE_BY_LEVEL[level] ?? 0.0001,
        );
  return present.children(region, rows);
}

export async function trends(db: Db, scope: Scope, code: string, months: number) {
  const region = await regionInScope(db, scope, code);
  return { region: present.ref(region), months: await store.monthly(db, scope, region.prefix, months) };
}

/**
 * Demand per grid cell as weighted points for a hexagon layer. Viewers without `households.read` (leaders,
 * planners) get no cell under k households, as on the tiles: a cell of two households could point at them.
 * A city's answer sums ~61k per-street cells (≈ 90 ms at a million households), so answers are cached per
 * (region, cell zoom, k) until a household or region changes (server/stats/cache.ts).
 */
export async function density(db: Db, scope: Scope, code: string, kAnonymity: number) {
  const region = await regionInScope(db, scope, code);
  const z = CELL_ZOOM_BY_LEVEL[region.level] ?? 12;
  const k = scope.permissions.has('households.read') ? 1 : Math.max(1, kAnonymity);
  return densityCache(db).get(`${region.code}/${z}/${k}`, async () =>
    present.density(region, z, k, await store.demandCells(db, scope, region, z, k)),
  );
}
